// verify_batch: the batching rule of every batch processor over many seeded
// random arrival schedules (seed i replays run i).
//   batch-timer            on the pure policy: a timeout flush goes out exactly `timeout` after its
//                          batch's first message
//   batch-exactly-once     on the pure policy: size, timeout and shutdown flushes together deliver
//                          every message once, in order
//   batch-timer-processor  through the real processor (worker thread, queue, timed wait) on a clock
//                          advanced by hand (processor_driver.hpp): a batch that does not fill goes out
//                          when its first message is exactly `timeout` old, not earlier, not later, and
//                          not never (every message is delivered before shutdown)
// A timer row whose runs saw no timed flush at all proved nothing: it is
// reported as failed (missed, for a known-bad variant), never as passed or caught.
// The seed (free-running timer, pending batch dropped at shutdown) must be
// caught by all three.
#include <cstdio>
#include <random>
#include <string>

#include "impls/batch/family.hpp"
#include "verify/batch/batch_driver.hpp"
#include "verify/batch/processor_driver.hpp"
#include "verify/common/verdict.hpp"

using namespace gauntlet;
using namespace gauntlet::batch;
using namespace std::chrono_literals;
using gauntlet::verify::CheckResult;

namespace {

constexpr auto kTimeout = 100ms;

struct Schedule {
  std::size_t max_size;
  std::vector<clock::duration> arrivals;
};

// 1 to 40 messages, gaps of 0 to 2 timeouts, batches of 1 to 8.
Schedule schedule_for(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Schedule s{1 + rng() % 8, {}};
  clock::duration t{};
  for (std::size_t n = 1 + rng() % 40; n > 0; --n) {
    t += std::chrono::milliseconds(rng() % (2 * kTimeout.count() + 1));
    s.arrivals.push_back(t);
  }
  return s;
}

std::string timer_violation(const std::vector<Delivery>& ds) {
  for (const auto& d : ds)
    if (d.by_timeout && d.oldest_age != kTimeout)
      return "a timeout flush after " + std::to_string(d.oldest_age / 1ms) + " ms, not " +
             std::to_string(kTimeout / 1ms);
  return "";
}

std::string delivery_violation(const std::vector<Delivery>& ds, std::size_t sent) {
  std::uint64_t next = 0;
  for (const auto& d : ds)
    for (auto id : d.ids)
      if (id != next++)
        return "message " + std::to_string(id) + " delivered where " + std::to_string(next - 1) + " was due";
  if (next != sent) return std::to_string(sent - next) + " of " + std::to_string(sent) + " messages never delivered";
  return "";
}

std::uint64_t timed_flushes(const std::vector<Delivery>& ds) {
  std::uint64_t n = 0;
  for (const auto& d : ds) n += d.by_timeout ? 1 : 0;
  return n;
}

// Runs seeds 1..n and stops at the first one the property rejects; counts the
// timeout flushes of the runs it made.
template <class Policy, class Property>
CheckResult sweep(std::uint64_t n, Property property, std::uint64_t* timed = nullptr) {
  CheckResult r;
  for (std::uint64_t seed = 1; seed <= n; ++seed) {
    Schedule s = schedule_for(seed);
    const auto ds = drive<Policy>(s.max_size, kTimeout, s.arrivals);
    if (timed) *timed += timed_flushes(ds);
    std::string why = property(ds, s.arrivals.size());
    r.iterations = seed;
    if (!why.empty()) {
      r.violated = true;
      r.seed = seed;
      r.message = "seed " + std::to_string(seed) + ": " + why;
      return r;
    }
  }
  return r;
}

// Through the processor: a coarse grid keeps the runs short, since every step
// of the clock waits for the worker to loop on real threads. Times are multiples
// of the step, so a correct flush is exactly `timeout` old.
constexpr auto kStep = 10ms;
constexpr auto kProcessorTimeout = 4 * kStep;

// 1 to 10 messages, gaps of 0 to 2 timeouts, batches of 1 to 5.
Schedule processor_schedule_for(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Schedule s{1 + rng() % 5, {}};
  clock::duration t{};
  for (std::size_t n = 1 + rng() % 10; n > 0; --n) {
    t += kStep * static_cast<int>(rng() % (2 * (kProcessorTimeout / kStep) + 1));
    s.arrivals.push_back(t);
  }
  return s;
}

struct TimerSweep {
  CheckResult result;
  std::uint64_t timed_flushes = 0;
  bool stalled = false;  // a bounded wait ran out: the run says nothing about the timer
};

template <class P>
TimerSweep processor_sweep(std::uint64_t n) {
  TimerSweep out;
  for (std::uint64_t seed = 1; seed <= n; ++seed) {
    const Schedule s = processor_schedule_for(seed);
    const ProcessorRun run = drive_processor<P>(s.max_size, kProcessorTimeout, kStep, s.arrivals);
    out.timed_flushes += run.timed_flushes;
    out.result.iterations = seed;
    std::string why;
    for (const auto& d : run.deliveries)
      if (d.by_timeout && d.oldest_age != kProcessorTimeout) {
        why = "a timeout flush of " + std::to_string(d.ids.size()) + " message(s) when the first was " +
              at_ms(d.oldest_age) + " old, not " + at_ms(kProcessorTimeout);
        break;
      }
    if (why.empty() && !run.error.empty()) {
      why = run.error;
      out.stalled = run.stalled;
    }
    if (!why.empty()) {
      out.result.violated = true;
      out.result.seed = seed;
      out.result.message = "seed " + std::to_string(seed) + ": " + why;
      return out;
    }
  }
  return out;
}

// A timer row stands only on runs that saw the timer fire (or, for a known-bad
// variant, on a violation it showed). Otherwise the row cannot pass, nor can it
// count as a catch: judge() calls any violated known-bad row caught, so the
// known-bad variant's row goes in as one that had to catch and did not.
template <class T>
void record_timer(verify::Verifier& v, const std::string& check, TimerSweep s, const std::string& waited_for) {
  CheckResult r = std::move(s.result);
  r.details["timed_flushes"] = s.timed_flushes;
  const bool invalid = s.stalled || (!r.violated && s.timed_flushes == 0);
  if (!invalid) return v.record<T>(check, r);
  if (!s.stalled)
    r.message = "invalid run: no timed flush in " + std::to_string(r.iterations) + " run(s); waited for " + waited_for;
  else
    r.message = "invalid run: " + r.message;
  r.violated = T::kind != Kind::known_bad;
  v.record(std::string(T::name), T::kind, check, r, /*must_catch=*/true);
}

}  // namespace

int main(int argc, char** argv) {
  verify::Verifier v("batch", argc, argv);
  const std::uint64_t runs = v.full() ? 200000 : 5000;
  const std::uint64_t processor_runs = v.full() ? 300 : 20;
  for_each_type(verified_implementations{}, [&]<class T>() {
    if (!v.selected(T::name)) return;
    using P = typename T::policy;
    TimerSweep policy_timer;
    policy_timer.result = sweep<P>(
        runs, [](const auto& ds, std::size_t) { return timer_violation(ds); }, &policy_timer.timed_flushes);
    record_timer<T>(v, "batch-timer", std::move(policy_timer),
                    "a batch short of max_size to time out on the policy (tick at its deadline)");
    v.record<T>("batch-exactly-once", sweep<P>(runs, delivery_violation));
    record_timer<T>(v, "batch-timer-processor", processor_sweep<T>(processor_runs),
                    "a batch short of max_size to be flushed by the worker's timed wait on the manual clock");
  });
  return v.finish();
}
