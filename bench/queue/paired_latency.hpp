#pragma once
// Paired latency: a queue's round trip against the physical floor, measured
// by the same two pinned threads in alternating bursts, so the ratio holds
// while the host moves the VM's vCPUs: on a VM the floor's own one-way time
// differs severalfold between runs, and a floor measured apart from the
// hand-off has made the target look missed (reports/MEASUREMENTS.md has the
// figures).
//
// Each benchmark iteration is one pair: a burst of round trips on one atomic
// word (the cache-line transfer floor, as in cacheline-pingpong), then a burst
// through two queues of Q (as in pingpong), the order alternating. A pair's
// ratio is the queue's median round trip over the floor's median round trip.
// The echo thread polls both channels all the time, so both pay its one extra
// cached load per spin alike.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "bench/common/affinity.hpp"
#include "bench/common/bench_main.hpp"
#include "bench/common/harness.hpp"
#include "bench/queue/paired.hpp"

namespace gauntlet::bench {

inline constexpr int kRoundTripsPerBurst = 1000;

template <class Q>
class LatencyPair {
 public:
  LatencyPair() : echo_([this] { serve(); }) {}
  ~LatencyPair() {
    stop_.store(true, std::memory_order_relaxed);
    echo_.join();
  }
  LatencyPair(const LatencyPair&) = delete;
  LatencyPair& operator=(const LatencyPair&) = delete;

  // Median round trip (ns) of a burst on the atomic word.
  double floor_burst() {
    for (int i = 0; i < kRoundTripsPerBurst; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      word_.store(next_, std::memory_order_release);
      Backoff backoff;
      while (word_.load(std::memory_order_acquire) != next_ + 1) backoff.pause();
      samples_[i] = elapsed(t0);
      next_ += 2;
    }
    return quantile(samples_, 0.5);
  }

  // Median round trip (ns) of a burst through the two queues.
  double queue_burst() {
    typename Q::value_type v{};
    for (int i = 0; i < kRoundTripsPerBurst; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      push_wait(there_, v);
      pop_wait(back_, v);
      samples_[i] = elapsed(t0);
    }
    return quantile(samples_, 0.5);
  }

  bool echo_pinned() const { return echo_pinned_.load(std::memory_order_acquire); }

 private:
  static double elapsed(std::chrono::steady_clock::time_point t0) {
    return static_cast<double>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count());
  }

  // Answers an odd word with the next even one, and echoes every queue item.
  void serve() {
    PinnedThread pin(1, 2);
    echo_pinned_.store(pin.pinned(), std::memory_order_release);
    typename Q::value_type v{};
    while (!stop_.load(std::memory_order_relaxed)) {
      const std::uint64_t w = word_.load(std::memory_order_acquire);
      if (w % 2 == 1) word_.store(w + 1, std::memory_order_release);
      if (pop_now(there_, v)) push_wait(back_, v);
      spin_pause();
    }
  }

  Q there_{64}, back_{64};
  alignas(prefetch_pair) std::atomic<std::uint64_t> word_{0};
  alignas(prefetch_pair) std::atomic<bool> stop_{false};
  std::atomic<bool> echo_pinned_{false};
  std::uint64_t next_ = 1;  // main thread only
  std::vector<double> samples_ = std::vector<double>(kRoundTripsPerBurst);
  std::thread echo_;  // last: starts once everything above exists
};

// Counters: report_ratios' (ratio: the queue's round trip over the floor's,
// which is also one-way over one-way), one_way_ns and floor_one_way_ns
// (medians over bursts, halved round trips), pinned.
template <class Q>
void paired_latency(benchmark::State& state) {
  LatencyPair<Q> pair;  // the echo thread starts before this one pins itself
  PinnedThread pin(0, 2);
  pair.floor_burst();  // warm-up: both threads running, lines in place
  pair.queue_burst();
  std::vector<double> ratios, floors, hand_offs;
  for (auto _ : state) {
    const auto [f, q] = in_alternating_order(
        ratios.size(), [&] { return pair.floor_burst(); }, [&] { return pair.queue_burst(); });
    ratios.push_back(q / f);
    floors.push_back(f / 2);
    hand_offs.push_back(q / 2);
  }
  report_ratios(state, ratios);
  state.counters["one_way_ns"] = quantile(hand_offs, 0.5);
  state.counters["floor_one_way_ns"] = quantile(floors, 0.5);
  state.counters["pinned"] = pin.pinned() && pair.echo_pinned() ? 1 : 0;
}

}  // namespace gauntlet::bench
