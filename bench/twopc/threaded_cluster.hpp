#pragma once
// The threaded runtime: the same 2PC cores the simulator checks, driven by the
// benchmark's client threads. Each node is guarded by its own mutex; a client
// thread delivers a message by locking the addressee, stepping it, persisting
// what it asks (with a real fdatasync in LogMode::fsync) and queueing what it
// sends, and keeps delivering until its transaction's Result comes back. So
// nodes are serial, as a single-threaded server would be, while transactions
// of different clients overlap. No timers run: without failures none are needed
// (the replicated coordinator's group elects its leader once, at start-up).
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "bench/twopc/node_log.hpp"
#include "impls/twopc/coordinator.hpp"
#include "impls/twopc/participant.hpp"
#include "impls/twopc/replicated.hpp"
#include "impls/twopc/variants.hpp"

namespace gauntlet::twopc::runtime {

class ThreadedCluster {
 public:
  using Packet = std::variant<Message, raft::Message>;

  ThreadedCluster(const Variant& variant, int participants, int accounts_per_participant, Balance initial, LogMode mode,
                  const std::string& dir)
      : participants_(participants), accounts_per_participant_(accounts_per_participant) {
    const int coordinators = variant.config().replicated ? 3 : 1;
    std::vector<NodeId> coordinator_ids;
    for (int k = 0; k < coordinators; ++k) coordinator_ids.push_back(participants + k);
    client_ = participants + coordinators;
    for (NodeId id = 0; id < participants + coordinators; ++id) {
      Config c = variant.config();
      c.id = id;
      c.coordinators = coordinator_ids;
      auto n = std::make_unique<Node>(mode, dir + "/node-" + std::to_string(id) + ".log");
      if (id < participants) {
        std::map<Account, Balance> accounts;
        for (int i = 0; i < accounts_per_participant; ++i) accounts[account(id, i)] = initial;
        n->core.emplace<Participant>(c, accounts);
      } else if (variant.config().replicated) {
        n->core.emplace<ReplicatedCoordinator>(c, 1000 + id);
      } else {
        n->core.emplace<Coordinator>(c);
      }
      nodes_.push_back(std::move(n));
    }
    if (variant.config().replicated) elect(coordinator_ids.front());
    leader_ = coordinator_ids.front();
  }

  int participants() const { return participants_; }
  Account account(NodeId participant, int i) const { return i * participants_ + participant; }

  // Runs one transaction from the calling thread; true if it committed.
  bool run(TxnId txn, std::vector<Piece> pieces) {
    Message begin = make_message(MsgType::begin, leader_, txn);
    begin.from = client_;
    begin.pieces = std::move(pieces);
    std::deque<Packet> queue{Packet{std::move(begin)}};
    pump(queue);
    std::unique_lock lock(results_mu_);
    // Another thread may be delivering our Result (a Raft commit decides several at once).
    results_cv_.wait(lock, [&] { return results_.count(txn) != 0; });
    bool committed = results_[txn];
    results_.erase(txn);
    return committed;
  }

  std::uint64_t syncs() const {
    std::uint64_t n = 0;
    for (const auto& node : nodes_) n += node->log.syncs();
    return n;
  }

 private:
  struct Node {
    Node(LogMode mode, const std::string& path) : log(mode, path) {}
    std::mutex mu;
    std::variant<std::monostate, Participant, Coordinator, ReplicatedCoordinator> core;
    NodeLog log;
  };

  void pump(std::deque<Packet>& queue) {
    while (!queue.empty()) {
      Packet p = std::move(queue.front());
      queue.pop_front();
      deliver(std::move(p), queue);
    }
  }

  void deliver(Packet p, std::deque<Packet>& queue) {
    if (auto* m = std::get_if<Message>(&p); m && m->to == client_) {
      {
        std::lock_guard lock(results_mu_);
        results_[m->txn] = m->commit;
      }
      results_cv_.notify_all();
      return;
    }
    const NodeId to = std::visit([](const auto& m) { return m.to; }, p);
    Node& n = *nodes_[to];
    std::lock_guard lock(n.mu);
    std::visit(
        [&](auto& core) {
          using Core = std::decay_t<decltype(core)>;
          if constexpr (std::is_same_v<Core, ReplicatedCoordinator>) {
            std::visit([&](const auto& m) { core.step(m); }, p);
            flush(n, core.take(), queue);
          } else if constexpr (!std::is_same_v<Core, std::monostate>) {
            core.step(std::get<Message>(p));
            flush(n, core.take(), queue);
          }
        },
        n.core);
  }

  // The order every core asks for: log, sync, then send.
  template <class Out>
  static void flush(Node& n, Out&& o, std::deque<Packet>& queue) {
    for (const auto& r : o.records) n.log.write(r);
    if (o.sync) n.log.sync();
    if constexpr (requires { o.raft_messages; })
      for (auto& m : o.raft_messages) queue.emplace_back(std::move(m));
    for (auto& m : o.messages) queue.emplace_back(std::move(m));
  }

  // Ticks one member until it leads; the others never tick, so it stays leader.
  void elect(NodeId candidate) {
    auto& member = std::get<ReplicatedCoordinator>(nodes_[candidate]->core);
    std::deque<Packet> queue;
    for (int t = 0; t < 1000 && !member.is_leader(); ++t) {
      {
        std::lock_guard lock(nodes_[candidate]->mu);
        member.tick();
        flush(*nodes_[candidate], member.take(), queue);
      }
      pump(queue);
    }
    if (!member.is_leader()) throw std::runtime_error("the replicated coordinator elected no leader");
  }

  int participants_;
  int accounts_per_participant_;
  NodeId client_ = 0;
  NodeId leader_ = 0;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::mutex results_mu_;
  std::condition_variable results_cv_;
  std::unordered_map<TxnId, bool> results_;
};

}  // namespace gauntlet::twopc::runtime
