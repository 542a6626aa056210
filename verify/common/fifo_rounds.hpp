#pragma once
// Short rounds of producers and consumers on real threads, recorded as a
// history of the checker's FIFO queue model and checked for linearizability:
// the engine of stress_queue and stress_ring (each says how to put and take
// one value on its own kind of container).
//
// A round: P producers put kOpsPerThread distinct values each (p * 1000 + i);
// C consumers take them all between them. A take is recorded as one operation
// from before its first try to after the try that got a value: "empty"
// answers are not recorded, because a lock-free container may report empty
// while a slower producer is still mid-put (by design), which is no FIFO
// violation. Times come from history_clock.hpp, so the history's real-time
// order is the true order.
//
// Hang guard: a call still waiting kGiveUp after the round began is recorded
// as indeterminate and fails the round. Every put fits once the container
// drains and every take has a put meant for it, so a wait that long means a
// lost value or a container that stopped accepting.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "verify/common/bounded_wait.hpp"
#include "verify/common/history_clock.hpp"
#include "verify/common/verdict.hpp"
#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/models/queue.hpp"

namespace gauntlet::verify::fifo {

using Model = lincheck::models::Queue;
using Op = Model::Op;
using Clock = std::chrono::steady_clock;

using verify::retry_until;  // the rounds' puts and takes over non-blocking calls

constexpr int kOpsPerThread = 6;
constexpr auto kGiveUp = std::chrono::seconds(2);

// Both sides of a queue whose entry allows any number of threads get two.
inline int threads_for(int limit) { return limit == 0 ? 2 : limit; }

struct Round {
  std::vector<Op> history;
  bool gave_up = false;  // a call hit the hang guard
};

// put(std::int64_t v, Clock::time_point give_up_at) -> bool and
// take(std::int64_t& v, Clock::time_point give_up_at) -> bool return false
// when the guard fired first. Each thread calls them concurrently.
template <class Put, class Take>
Round run_round(int producers, int consumers, Put put, Take take) {
  const int total = producers * kOpsPerThread;
  std::atomic<int> claimed{0};
  std::atomic<bool> gave_up{false};
  StartGate gate(static_cast<unsigned>(producers + consumers));
  std::vector<std::vector<Op>> per_thread(producers + consumers);
  const auto give_up_at = Clock::now() + kGiveUp;
  auto start_together = [&] {
    if (!gate.arrive()) gave_up.store(true);  // reported as a call that hit the hang guard
  };
  auto finish = [&](Op& op, bool done) {
    if (done) {
      op.ret = return_time();
    } else {
      op.indeterminate = true;  // ret stays lincheck::never
      gave_up.store(true);
    }
  };
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p)
    threads.emplace_back([&, p] {
      start_together();
      for (int i = 0; i < kOpsPerThread; ++i) {
        const std::int64_t v = p * 1000 + i;
        Op op;
        op.client = p;
        op.input = {true, v};
        op.call = call_time();
        const bool done = put(v, give_up_at);
        finish(op, done);
        per_thread[p].push_back(op);
        if (!done) break;  // the rest would only wait out the guard too
      }
    });
  for (int c = 0; c < consumers; ++c)
    threads.emplace_back([&, c] {
      start_together();
      while (claimed.fetch_add(1) < total) {  // this take's value was or will be put
        Op op;
        op.client = producers + c;
        op.call = call_time();
        std::int64_t v = 0;
        const bool done = take(v, give_up_at);
        finish(op, done);
        if (done) op.output = {false, v};
        per_thread[producers + c].push_back(op);
      }
    });
  for (auto& t : threads) t.join();
  Round round;
  for (auto& ops : per_thread) round.history.insert(round.history.end(), ops.begin(), ops.end());
  round.gave_up = gave_up.load();
  return round;
}

// One line per operation, times relative to the round's first call.
inline std::string describe(const std::vector<Op>& h) {
  Model m;
  std::string out;
  std::int64_t t0 = h.empty() ? 0 : h.front().call;
  for (auto& op : h) t0 = std::min(t0, op.call);
  for (auto& op : h)
    out += "client " + std::to_string(op.client) + " [" + std::to_string(op.call - t0) + ", " +
           (op.indeterminate ? std::string("never") : std::to_string(op.ret - t0)) + "] ns " +
           m.describe_operation(op.input, op.output, op.indeterminate) + "\n";
  return out;
}

// Runs `rounds` rounds (run() -> Round) until one fails: its history is not
// linearizable, or a call hit the hang guard. why(linearizable, history)
// words the failure. The failing round's number is the row's seed.
template <class Run, class Why>
CheckResult check_rounds(int rounds, int producers, int consumers, Run run, Why why) {
  CheckResult r;
  std::uint64_t unknown = 0;
  for (int round = 0; round < rounds; ++round) {
    auto [history, gave_up] = run();
    auto c = lincheck::check<Model>(history, {.timeout = std::chrono::seconds(5)});
    ++r.iterations;
    if (c.verdict == lincheck::Verdict::unknown) ++unknown;
    if (c.verdict == lincheck::Verdict::not_linearizable || gave_up) {
      r.violated = true;
      r.seed = static_cast<std::uint64_t>(round);
      r.message =
          "round " + std::to_string(round) + ": " + why(c.verdict != lincheck::Verdict::not_linearizable, history);
      r.details["history"] = describe(history);
      break;
    }
  }
  r.details["producers"] = producers;
  r.details["consumers"] = consumers;
  r.details["ops_per_thread"] = kOpsPerThread;
  r.details["rounds_unknown"] = unknown;
  return r;
}

}  // namespace gauntlet::verify::fifo
