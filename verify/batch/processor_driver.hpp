#pragma once
// Drives a real batch processor (impls/batch/processor.hpp: its worker thread,
// its queue, its timed wait) on a clock the test advances by hand, so that
// flush times are checked through the processor and not only on its policy.
//
// ManualTime is the hand-set time; ManualClock is the handle the processor
// copies. The processor's wait cannot be woken by advancing the time, so
// ManualClock::wake_at ends every wait after a short real slice and the worker
// re-reads now() (the design note in processor.hpp).
//
// settle() is how a test knows the worker has acted on what it just did (an
// advance or a submit): the worker reads now() exactly once per loop, and each
// loop is one pop (or timed-out wait), one add, one tick and the sink calls.
// Reads counted after the action see the time as it is then. The first such
// read either stamps the submitted message or belongs to a loop whose next pop
// finds it queued, so by the third read the loop that stamped it and ran its
// tick has finished, and so has a loop that saw the advanced time. Every wait
// is bounded and says what it waited for.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "impls/batch/batcher.hpp"
#include "impls/batch/processor.hpp"
#include "impls/queue/status.hpp"
#include "verify/batch/batch_driver.hpp"

namespace gauntlet::batch {

class ManualTime {
 public:
  explicit ManualTime(clock::duration slice = std::chrono::microseconds(200)) : slice_(slice) {}

  // The processor's read: counted, so that settle() can see the worker's loops.
  clock::time_point now() {
    std::lock_guard lk(m_);
    ++reads_;
    read_.notify_all();
    return now_;
  }
  // The test's read: not counted.
  clock::time_point peek() const {
    std::lock_guard lk(m_);
    return now_;
  }
  void advance_to(clock::time_point t) {
    std::lock_guard lk(m_);
    if (t > now_) now_ = t;
  }

  std::optional<clock::time_point> wake_at(std::optional<clock::time_point> deadline) const {
    const auto real = clock::now();
    std::lock_guard lk(m_);
    if (deadline && *deadline <= now_) return real;  // already due: do not sleep at all
    return real + slice_;
  }

  // Waits (at most `bound`, real time) for three more worker reads: see the header.
  // Returns "" or what it waited for.
  std::string settle(const std::string& after, clock::duration bound = std::chrono::seconds(10)) {
    std::unique_lock lk(m_);
    const std::uint64_t want = reads_ + 3;
    if (read_.wait_for(lk, bound, [&] { return reads_ >= want; })) return "";
    return "the worker did not loop within " + std::to_string(bound / std::chrono::seconds(1)) + " s after " + after +
           " (waited for it to read the clock three more times)";
  }

 private:
  mutable std::mutex m_;
  std::condition_variable read_;
  clock::time_point now_{};
  std::uint64_t reads_ = 0;
  clock::duration slice_;
};

struct ManualClock {
  ManualTime* time;
  clock::time_point now() const { return time->now(); }
  std::optional<clock::time_point> wake_at(std::optional<clock::time_point> d) const { return time->wake_at(d); }
};

struct ProcessorRun {
  std::vector<Delivery> deliveries;  // before shutdown, in order; by_timeout: a batch short of max_size
  std::size_t timed_flushes = 0;
  std::string error;     // a bounded wait that ran out, or a message the timer never flushed
  bool stalled = false;  // the error is a bounded wait that ran out: the run is not a verdict on the timer
};

inline std::string at_ms(clock::duration d) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  if (us % 1000 == 0) return std::to_string(us / 1000) + " ms";
  return std::to_string(us) + " us";
}

// Submits message i at arrivals[i] (offsets from the clock's start, on a grid
// of `step`), advancing the clock one step at a time and settling the worker
// at every step, so a flush is seen at the first step where it is due. After
// the last arrival it runs on for `timeout + step`, so every batch has
// come due before shutdown; a message not delivered by then is reported.
template <class P>
ProcessorRun drive_processor(std::size_t max_size, clock::duration timeout, clock::duration step,
                             const std::vector<clock::duration>& arrivals) {
  using Manual = typename P::template with_clock<ManualClock>;
  ManualTime time;
  const clock::time_point t0 = time.peek();
  std::mutex m;  // the sink runs on the worker
  std::vector<Delivery> got;
  std::vector<clock::time_point> born(arrivals.size());
  ProcessorRun run;
  {
    Manual proc(
        Config{max_size, timeout, 1024},
        [&](std::span<const std::uint64_t> batch) {
          // peek() is the time the worker acted on: settle() keeps the test from
          // advancing while a loop that read an earlier time can still flush.
          const auto now = time.peek();
          std::lock_guard lk(m);
          Delivery d{{batch.begin(), batch.end()}, batch.size() < max_size, {}};
          if (!batch.empty()) d.oldest_age = now - born[batch.front()];
          got.push_back(std::move(d));
        },
        ManualClock{&time});
    auto stall = [&](std::string why) {
      run.error = std::move(why);
      run.stalled = true;
    };
    if (auto why = time.settle("starting the processor"); !why.empty()) stall(why);
    const clock::duration end = (arrivals.empty() ? clock::duration{} : arrivals.back()) + timeout + step;
    std::size_t next = 0;
    for (clock::duration t{}; run.error.empty() && t <= end; t += step) {
      time.advance_to(t0 + t);
      if (auto why = time.settle("advancing the clock to " + at_ms(t)); !why.empty()) {
        stall(why);
        break;
      }
      for (; next < arrivals.size() && arrivals[next] <= t; ++next) {
        {
          std::lock_guard lk(m);
          born[next] = t0 + t;
        }
        const auto s = proc.submit_until(next, clock::now() + std::chrono::seconds(10));
        if (s != queue::Status::ok) {
          stall("submit(" + std::to_string(next) + ") at " + at_ms(t) +
                (s == queue::Status::timed_out ? " still blocked after 10 s" : " was refused"));
          break;
        }
        if (auto why = time.settle("submitting message " + std::to_string(next) + " at " + at_ms(t)); !why.empty()) {
          stall(why);
          break;
        }
      }
    }
    {
      std::lock_guard lk(m);
      run.deliveries = got;
    }
    proc.shutdown();
  }
  std::vector<bool> delivered(arrivals.size());
  for (const auto& d : run.deliveries) {
    if (d.by_timeout) ++run.timed_flushes;
    for (auto id : d.ids)
      if (id < delivered.size()) delivered[id] = true;
  }
  if (run.error.empty())
    for (std::size_t i = 0; i < arrivals.size(); ++i)
      if (!delivered[i]) {
        run.error = "message " + std::to_string(i) + " (arrived at " + at_ms(arrivals[i]) + ") still undelivered at " +
                    at_ms(arrivals.back() + timeout + step) + ": its batch never timed out";
        break;
      }
  return run;
}

}  // namespace gauntlet::batch
