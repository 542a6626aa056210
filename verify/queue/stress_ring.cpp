// Linearizability of every ring in the family list, on real threads, as
// stress_queue does for the queues: producers and consumers run short rounds
// against a fresh, small ring (it wraps and fills within a round); every
// write and read is recorded with call and return times (history_clock.hpp),
// and each round's history is checked against the checker's FIFO queue model
// (check `linearizable-fifo`). A message carries one 8-byte value.
//
// Ours are driven through their timed calls (write_until, read_until), so the
// blocking layer's wake-ups are under the check too; the seed's ring, which
// has none, through try loops. A read that returns anything but one 8-byte
// message (the seed merges messages) is recorded as the impossible value -1.
// A call still waiting when the round's hang guard fires is recorded as
// indeterminate and fails the round: every write here fits once the ring
// drains, and every read has a write meant for it, so a wait that long means
// a lost message or a ring that stopped accepting (the seed never wraps).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "common/verdict.hpp"
#include "lincheck/checker.hpp"
#include "lincheck/models/queue.hpp"
#include "queue/history_clock.hpp"
#include "ring/family.hpp"

using namespace gauntlet;
using namespace gauntlet::ring;
using Model = gauntlet::lincheck::models::Queue;
using Op = Model::Op;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kOpsPerThread = 6;
constexpr std::size_t kCapacityBytes = 32;  // four 8-byte messages: rounds wrap and fill the ring
constexpr auto kGiveUp = std::chrono::seconds(2);
constexpr std::int64_t kNotOneMessage = -1;

int threads_for(int limit) { return limit == 0 ? 2 : limit; }

// Writes v as one message; false if the hang guard fired first.
template <class R>
bool write_value(R& r, std::int64_t v, Clock::time_point give_up_at) {
  auto msg = std::as_bytes(std::span(&v, 1));
  if constexpr (requires { r.write_until(msg, give_up_at); }) {
    return r.write_until(msg, give_up_at) == Status::ok;
  } else {
    while (!r.try_write(msg)) {
      if (Clock::now() > give_up_at) return false;
      std::this_thread::yield();
    }
    return true;
  }
}

// Reads one message into v; false if the hang guard fired first.
template <class R>
bool read_value(R& r, std::int64_t& v, Clock::time_point give_up_at) {
  auto take = [&](std::span<const std::byte> m) {
    v = kNotOneMessage;
    if (m.size() == sizeof(v)) std::memcpy(&v, m.data(), sizeof(v));
  };
  if constexpr (requires { r.read_until(take, give_up_at); }) {
    return r.read_until(take, give_up_at) == Status::ok;
  } else {
    while (!r.try_read(take)) {
      if (Clock::now() > give_up_at) return false;
      std::this_thread::yield();
    }
    return true;
  }
}

struct Round {
  std::vector<Op> history;
  bool gave_up = false;  // a call hit the hang guard
};

// One round: P producers write kOpsPerThread distinct values each; C
// consumers read them all between them.
template <class R>
Round run_round(int producers, int consumers) {
  R r(kCapacityBytes);
  const int total = producers * kOpsPerThread;
  std::atomic<int> ready{0}, claimed{0};
  std::atomic<bool> gave_up{false};
  std::vector<std::vector<Op>> per_thread(producers + consumers);
  const auto give_up_at = Clock::now() + kGiveUp;
  auto start_together = [&] {
    ready.fetch_add(1);
    while (ready.load() < producers + consumers) std::this_thread::yield();
  };
  auto finish = [&](Op& op, bool done) {
    if (done) {
      op.ret = verify::return_time();
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
        std::int64_t v = p * 1000 + i;
        Op op;
        op.client = p;
        op.input = {true, v};
        op.call = verify::call_time();
        bool done = write_value(r, v, give_up_at);
        finish(op, done);
        per_thread[p].push_back(op);
        if (!done) break;  // the rest would only wait out the guard too
      }
    });
  for (int c = 0; c < consumers; ++c)
    threads.emplace_back([&, c] {
      start_together();
      while (claimed.fetch_add(1) < total) {  // this read's message was or will be written
        Op op;
        op.client = producers + c;
        op.call = verify::call_time();
        std::int64_t v = 0;
        bool done = read_value(r, v, give_up_at);
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

std::string describe(const std::vector<Op>& h) {
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

// Why a round failed, in one line: a hang, or a history no FIFO order explains.
std::string why_failed(bool linearizable, const std::vector<Op>& h) {
  if (linearizable) return "a write or read waited 2 s in vain (a message lost, or the ring stopped accepting)";
  for (auto& op : h)
    if (!op.input.enqueue && !op.indeterminate && op.output.value == kNotOneMessage)
      return "history not linearizable: a read returned other than one whole message (-1)";
  return "history not linearizable against a FIFO queue";
}

template <class R>
verify::CheckResult check_ring(int rounds, int producers, int consumers) {
  verify::CheckResult r;
  std::uint64_t unknown = 0;
  for (int round = 0; round < rounds; ++round) {
    auto [history, gave_up] = run_round<R>(producers, consumers);
    auto c = lincheck::check<Model>(history, {.timeout = std::chrono::seconds(5)});
    ++r.iterations;
    if (c.verdict == lincheck::Verdict::unknown) ++unknown;
    if (c.verdict == lincheck::Verdict::not_linearizable || gave_up) {
      r.violated = true;
      r.seed = static_cast<std::uint64_t>(round);
      r.message = "round " + std::to_string(round) + ": " +
                  why_failed(c.verdict != lincheck::Verdict::not_linearizable, history);
      r.details["history"] = describe(history);
      break;
    }
  }
  r.details["producers"] = producers;
  r.details["consumers"] = consumers;
  r.details["ops_per_thread"] = kOpsPerThread;
  r.details["capacity_bytes"] = kCapacityBytes;
  r.details["rounds_unknown"] = unknown;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  verify::Verifier v("ring", argc, argv);
  const int rounds = v.full() ? 20000 : 500;
  std::printf("stress_ring: %d rounds per implementation (real threads: schedules are not replayable; "
              "a failing round's history is kept in the row)\n", rounds);
  for_each_type(implementations{}, [&]<class R>() {
    if (!v.selected(R::name)) return;
    const int producers = threads_for(R::max_producers), consumers = threads_for(R::max_consumers);
    // The seed cannot pass: it never wraps, so every round fills it and its
    // producers stall. The lap mutant is relacy_ring's to catch (fifo-wrap);
    // here it is caught only when a producer gets a full lap ahead.
    const bool must_catch = std::string_view(R::name) == SeedRing::name;
    v.record<R>("linearizable-fifo", check_ring<R>(rounds, producers, consumers), must_catch);
  });
  return v.finish();
}
