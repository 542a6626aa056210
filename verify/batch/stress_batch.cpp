// stress_batch: every batch processor, end to end, checked as a FIFO queue
// (check `linearizable-fifo`, the checker's queue model). Producers on real
// threads submit distinct values; each delivery to the sink is a dequeue; after
// shutdown() one more dequeue must find the processor empty, so the shutdown
// flush has delivered every accepted message exactly once (a lost message
// leaves the model non-empty, a duplicate has no enqueue left to match).
//
// Times, so that the history's real-time order is the true order
// (history_clock.hpp reads the clock before an operation's first shared access
// and after its last):
//   submit    call before submit(), return after it returned: the push into the
//             processor's queue, the moment the message is accepted, lies between.
//   delivery  the moment a message leaves the processor's queue is the worker's
//             pop. One worker pops, batches and calls the sink, in that order,
//             and a batch goes to the sink as soon as the policy hands it out
//             (processor.hpp), so every pop of batch k comes after the sink has
//             returned from batch k-1. Call = the clock read as the sink's last
//             act for batch k-1 (before the processor was built, for the first
//             batch): it precedes every pop of batch k. Return = the clock read
//             as the sink's first act for batch k: it follows every pop of it.
//             So each delivery's interval holds its pop, and a correct
//             processor's pop order (the order of a linearizable FIFO queue)
//             linearizes the history. No hook in impls/batch is needed.
// A batch's deliveries share one interval, so the checker cannot see their
// order inside the batch; the sink sees it, and `batch_order_violation` holds
// it to the submits' real-time order (sound by the same argument: the span is
// in pop order).
//
// Every processor in the family has one worker thread and promises FIFO; a
// processor with several workers would be reported `documented`, not failed.
// Parameters of round r come from seed S + r: GAUNTLET_SEED=S replays them
// (thread schedules on real threads do not replay).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "impls/batch/family.hpp"
#include "verify/common/bounded_wait.hpp"
#include "verify/common/history_clock.hpp"
#include "verify/common/seed.hpp"
#include "verify/common/verdict.hpp"
#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/models/queue.hpp"

using namespace gauntlet;
using namespace gauntlet::batch;
using Model = gauntlet::lincheck::models::Queue;
using Op = Model::Op;

namespace {

// Hang guard: a submit blocked this long means the worker stopped taking.
constexpr auto kGiveUp = std::chrono::seconds(10);

struct Params {
  int producers;
  int per_producer;
  Config config;
  int pacing;  // 0: back to back, 1: yield, 2: sleep a few microseconds between submits
};

// Small queues and batches, so rounds block on a full queue (back-pressure) and
// flush by size, by timeout and at shutdown. A 10 s timeout never fires within
// a round: the last batch then waits for the shutdown flush.
Params params_for(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Params p{};
  p.producers = 1 + static_cast<int>(rng() % 3);
  p.per_producer = 1 + static_cast<int>(rng() % 12);
  p.config.batch_size = 1 + rng() % 6;
  p.config.queue_capacity = 2 + rng() % 7;  // a Vyukov ring needs two slots
  const std::chrono::microseconds timeouts[] = {std::chrono::microseconds(20), std::chrono::microseconds(300),
                                                std::chrono::seconds(10)};
  p.config.timeout = timeouts[rng() % 3];
  p.pacing = static_cast<int>(rng() % 3);
  return p;
}

struct Batch {
  std::int64_t call, ret;
  std::vector<std::uint64_t> values;  // in the sink's order
};

struct Round {
  std::vector<Op> submits;  // client = producer
  std::vector<Batch> batches;
  std::int64_t drained_call = 0, drained_ret = 0;  // the dequeue after shutdown
  std::string refused;                             // a submit that did not return ok
};

template <class P>
Round run_round(const Params& prm) {
  Round r;
  std::vector<std::vector<Op>> per_producer(prm.producers);
  std::int64_t next_call = verify::call_time();
  {
    // The sink runs on the worker only; r is read after shutdown() joined it.
    P proc(prm.config, [&](std::span<const std::uint64_t> batch) {
      const std::int64_t got = verify::return_time();
      r.batches.push_back({next_call, got, {batch.begin(), batch.end()}});
      next_call = verify::call_time();  // before the worker pops the next batch's first message
    });
    std::vector<std::thread> producers;
    std::vector<std::string> refused(prm.producers);
    verify::StartGate gate(static_cast<unsigned>(prm.producers));
    for (int p = 0; p < prm.producers; ++p)
      producers.emplace_back([&, p] {
        gate.arrive();  // all producers at once; a timeout costs only overlap
        for (int i = 0; i < prm.per_producer; ++i) {
          const std::uint64_t v = static_cast<std::uint64_t>(p) * 1000 + static_cast<std::uint64_t>(i);
          Op op;
          op.client = p;
          op.input = {true, static_cast<std::int64_t>(v)};
          op.call = verify::call_time();
          queue::Status s = proc.submit_until(v, clock::now() + kGiveUp);
          op.ret = verify::return_time();
          if (s != queue::Status::ok) {
            refused[p] = "submit(" + std::to_string(v) + ") before shutdown " +
                         (s == queue::Status::timed_out ? "still blocked after 10 s (the worker stopped taking)"
                                                        : "was refused");
            return;
          }
          per_producer[p].push_back(op);
          if (prm.pacing == 1) std::this_thread::yield();
          if (prm.pacing == 2) std::this_thread::sleep_for(std::chrono::microseconds(1 + v % 50));
        }
      });
    for (auto& t : producers) t.join();
    proc.shutdown();
    for (auto& why : refused)
      if (r.refused.empty()) r.refused = why;
  }
  r.drained_call = verify::call_time();
  r.drained_ret = verify::return_time();
  for (auto& ops : per_producer) r.submits.insert(r.submits.end(), ops.begin(), ops.end());
  return r;
}

// Submits, one dequeue per delivered message (its own client: a batch's
// deliveries overlap), then the dequeue that finds the processor drained.
std::vector<Op> history_of(const Round& r, int producers) {
  std::vector<Op> h = r.submits;
  int client = producers;
  for (const auto& b : r.batches)
    for (auto v : b.values) {
      Op op;
      op.client = client++;
      op.call = b.call;
      op.ret = b.ret;
      op.output = {false, static_cast<std::int64_t>(v)};
      h.push_back(op);
    }
  Op drained;
  drained.client = client;
  drained.call = r.drained_call;
  drained.ret = r.drained_ret;
  drained.output = {true, 0};
  h.push_back(drained);
  return h;
}

// Inside one batch: a message submitted entirely before another must come first.
std::string batch_order_violation(const Round& r) {
  std::map<std::uint64_t, const Op*> submit_of;
  for (const auto& op : r.submits) submit_of[static_cast<std::uint64_t>(op.input.value)] = &op;
  for (const auto& b : r.batches)
    for (std::size_t i = 0; i < b.values.size(); ++i)
      for (std::size_t j = i + 1; j < b.values.size(); ++j) {
        auto a = submit_of.find(b.values[i]), c = submit_of.find(b.values[j]);
        if (a == submit_of.end() || c == submit_of.end()) continue;  // the checker reports unknown values
        if (c->second->ret < a->second->call)
          return "message " + std::to_string(b.values[j]) + " was accepted before " + std::to_string(b.values[i]) +
                 " was submitted, yet comes after it in one batch";
      }
  return "";
}

// Why the history fails exactly-once, in words (the checker only says "not linearizable").
std::string delivery_count_violation(const Round& r) {
  std::map<std::uint64_t, int> count;
  for (const auto& op : r.submits) count[static_cast<std::uint64_t>(op.input.value)] = 0;
  for (const auto& b : r.batches)
    for (auto v : b.values) {
      auto it = count.find(v);
      if (it == count.end()) return "message " + std::to_string(v) + " delivered but never submitted";
      if (++it->second > 1) return "message " + std::to_string(v) + " delivered twice";
    }
  const auto lost = std::count_if(count.begin(), count.end(), [](const auto& kv) { return kv.second == 0; });
  if (lost > 0)
    return std::to_string(lost) + " of " + std::to_string(count.size()) +
           " accepted messages never delivered (shutdown did not flush them)";
  return "";
}

std::string describe(const Round& r, const Params& p) {
  std::string out =
      std::to_string(p.producers) + " producers x " + std::to_string(p.per_producer) + ", batch " +
      std::to_string(p.config.batch_size) + ", queue " + std::to_string(p.config.queue_capacity) + ", timeout " +
      std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(p.config.timeout).count()) + " us; batches:";
  for (const auto& b : r.batches) {
    out += " [";
    for (std::size_t i = 0; i < b.values.size(); ++i) out += (i ? " " : "") + std::to_string(b.values[i]);
    out += "]";
  }
  return out;
}

template <class P>
verify::CheckResult check_processor(std::uint64_t seed, int rounds) {
  verify::CheckResult res;
  res.seed = seed;
  std::uint64_t unknown = 0;
  for (int round = 0; round < rounds; ++round) {
    const std::uint64_t s = seed + static_cast<std::uint64_t>(round);
    const Params prm = params_for(s);
    const Round r = run_round<P>(prm);
    auto c = lincheck::check<Model>(history_of(r, prm.producers), {.timeout = std::chrono::seconds(5)});
    ++res.iterations;
    if (c.verdict == lincheck::Verdict::unknown) ++unknown;
    std::string why = r.refused;
    if (why.empty()) why = batch_order_violation(r);
    if (why.empty() && c.verdict == lincheck::Verdict::not_linearizable) {
      why = delivery_count_violation(r);
      if (why.empty()) why = "deliveries not linearizable against a FIFO queue";
    }
    if (!why.empty()) {
      res.violated = true;
      res.seed = s;
      res.message = "seed " + std::to_string(s) + ": " + why;
      res.details["history"] = describe(r, prm);
      break;
    }
  }
  res.details["rounds_unknown"] = unknown;
  return res;
}

}  // namespace

int main(int argc, char** argv) {
  verify::Verifier v(std::string(family_name), argc, argv);
  const int rounds = v.full() ? 30000 : 300;
  const std::uint64_t seed = verify::announce_seed("stress_batch");
  std::printf(
      "stress_batch: %d rounds per processor (round r: seed + r; the seed replays the parameters, "
      "not the thread schedule)\n",
      rounds);
  for_each_type(verified_implementations{}, [&]<class P>() {
    if (!v.selected(P::name)) return;
    // The seed's processor drops its pending batch at shutdown: the drained check must see it.
    v.record<P>("linearizable-fifo", check_processor<P>(seed, rounds));
  });
  return v.finish();
}
