#pragma once
// A threaded runtime for the Raft core: one thread per node, an in-process
// transport (a mutex-protected inbox per node), real clocks for ticks. It
// drives the same pure core the simulator verifies, to measure throughput and
// commit latency. Persistence is in memory (no fsync), so the numbers show the
// protocol's cost, not a disk's.
//
// Load: the leader thread keeps `window` proposals outstanding and records,
// for each, the time from propose() to the moment it applies it.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "impls/raft/node.hpp"

namespace gauntlet::raft::runtime {

class ThreadedCluster {
 public:
  using Clock = std::chrono::steady_clock;

  ThreadedCluster(int nodes, const Config& base, std::chrono::microseconds tick = std::chrono::milliseconds(1))
      : tick_(tick), hosts_(nodes) {
    for (int i = 0; i < nodes; ++i) {
      Config c = base;
      c.id = i;
      c.nodes.clear();
      for (int j = 0; j < nodes; ++j) c.nodes.push_back(j);
      c.random_seed = 0x5eed + static_cast<std::uint64_t>(i);
      c.election_ticks = 100;  // 100 ms: a busy 2-core machine must not look like a dead leader
      c.heartbeat_ticks = 10;
      hosts_[i] = std::make_unique<Host>(c);
    }
    for (int i = 0; i < nodes; ++i) threads_.emplace_back([this, i] { run(i); });
  }

  ~ThreadedCluster() {
    stop_ = true;
    for (auto& h : hosts_) {
      std::lock_guard lk(h->m);
      h->cv.notify_one();
    }
    for (auto& t : threads_) t.join();
  }

  // Waits for a leader; its id, or nullopt after `patience`.
  std::optional<int> await_leader(std::chrono::milliseconds patience = std::chrono::seconds(10)) {
    auto until = Clock::now() + patience;
    while (Clock::now() < until) {
      for (std::size_t i = 0; i < hosts_.size(); ++i)
        if (hosts_[i]->leads.load()) return static_cast<int>(i);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return std::nullopt;
  }

  struct Result {
    std::uint64_t committed = 0;
    std::vector<double> latency_us;  // one per committed proposal
    bool complete = false;           // false: leadership moved before the end
  };

  // Commits `count` proposals through the leader, `window` at a time.
  Result commit(int leader, std::uint64_t count, std::size_t window,
                std::chrono::milliseconds patience = std::chrono::seconds(20)) {
    Host& h = *hosts_[leader];
    {
      std::lock_guard lk(h.m);
      h.load = Load{};
      h.load.target = count;
      h.load.window = window;
      h.cv.notify_one();
    }
    std::unique_lock lk(h.m);
    bool done = h.done_cv.wait_for(lk, patience, [&] { return h.load.committed >= h.load.target; });
    Result r{h.load.committed, std::move(h.load.latency_us), done};
    h.load = Load{};
    return r;
  }

 private:
  struct Load {
    std::uint64_t target = 0;
    std::size_t window = 0;
    std::uint64_t issued = 0;
    std::uint64_t committed = 0;
    std::map<Index, Clock::time_point> outstanding;
    std::vector<double> latency_us;
  };

  struct Host {
    explicit Host(const Config& c) : node(c) {}
    Node node;
    std::mutex m;
    std::condition_variable cv;
    std::condition_variable done_cv;
    std::vector<Message> inbox;  // guarded by m
    Load load;                   // guarded by m
    std::atomic<bool> leads{false};
  };

  void run(int i) {
    Host& h = *hosts_[i];
    auto next_tick = Clock::now() + tick_;
    std::vector<Message> batch;
    while (!stop_) {
      {
        std::unique_lock lk(h.m);
        h.cv.wait_until(lk, next_tick, [&] { return !h.inbox.empty() || stop_ || wants_proposals(h); });
        batch.swap(h.inbox);
      }
      for (const Message& m : batch) h.node.step(m);
      batch.clear();
      if (Clock::now() >= next_tick) {
        h.node.tick();
        next_tick += tick_;
      }
      propose(h);
      pump(h);
      h.leads = h.node.is_leader();
    }
  }

  static bool wants_proposals(Host& h) {
    return h.node.is_leader() && h.load.issued < h.load.target && h.load.outstanding.size() < h.load.window;
  }

  void propose(Host& h) {
    std::lock_guard lk(h.m);
    while (wants_proposals(h)) {
      Index idx = h.node.propose("op" + std::to_string(h.load.issued));
      h.load.outstanding.emplace(idx, Clock::now());
      ++h.load.issued;
    }
  }

  void pump(Host& h) {
    while (h.node.has_ready()) {
      Ready rd = h.node.ready();  // persistence is in memory: the node's own log
      for (Message& m : rd.messages) {
        Host& to = *hosts_[m.to];
        std::lock_guard lk(to.m);
        to.inbox.push_back(std::move(m));
        to.cv.notify_one();
      }
      if (!rd.committed.empty()) settle(h, rd.committed);
      // Bound memory in long runs: everything applied can go into a (stateless) snapshot.
      if (h.node.applied_index() > h.node.log().snapshot_index() + 50'000) h.node.compact(h.node.applied_index(), {});
    }
  }

  void settle(Host& h, const std::vector<Entry>& committed) {
    auto now = Clock::now();
    std::lock_guard lk(h.m);
    for (const Entry& e : committed) {
      auto it = h.load.outstanding.find(e.index);
      if (it == h.load.outstanding.end()) continue;
      h.load.latency_us.push_back(std::chrono::duration<double, std::micro>(now - it->second).count());
      h.load.outstanding.erase(it);
      ++h.load.committed;
    }
    if (h.load.target && h.load.committed >= h.load.target) h.done_cv.notify_all();
  }

  std::chrono::microseconds tick_;
  std::vector<std::unique_ptr<Host>> hosts_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
};

}  // namespace gauntlet::raft::runtime
