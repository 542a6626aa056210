// Benchmarks of the queue family (impls/queue/family.hpp), every entry but
// the known-bad ones:
//   throughput/<impl>/p:P/c:C/bytes:B   P producers and C consumers (Google
//       Benchmark threads); items_per_second; cache_misses_per_item where the
//       hardware counters are readable. 1x1 at 8 B..4 KiB, NxN at 8 B.
//   pingpong/<impl>/bytes:8             round trip through two queues between
//       two threads: rtt_p50_ns / rtt_p99_ns / rtt_p999_ns, one_way_ns = p50 / 2
//   cacheline-pingpong/one-atomic       the same round trip on one atomic
//       word: the machine's cache-line transfer floor (one_way_ns)
// The padding ablation is in the list itself: spsc-packed / spsc / spsc-128
// and mpmc-packed / mpmc / mpmc-128 run side by side in every workload.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/bench_main.hpp"
#include "queue/family.hpp"
#include "queue/harness.hpp"
#include "queue/perf_counter.hpp"

using namespace gauntlet;
using namespace gauntlet::bench;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr std::size_t kCapacity = 1024;

// One queue shared by every thread of a throughput run, built before the
// threads start (Setup) and freed after they join (Teardown).
template <class Q>
struct Shared {
  static inline std::unique_ptr<Q> q;
  static void setup(const benchmark::State&) { q = std::make_unique<Q>(kCapacity); }
  static void teardown(const benchmark::State&) { q.reset(); }
};

// Each producer pushes C items per iteration and each consumer pops P, so the
// totals match whatever iteration count Google Benchmark picks.
template <class Q>
void throughput(benchmark::State& state, int producers, int consumers) {
  using T = typename Q::value_type;
  Q& q = *Shared<Q>::q;
  const bool producer = state.thread_index() < producers;
  CacheMissCounter misses;
  Backoff backoff;
  T item{};
  std::uint64_t seq = 0;
  misses.start();
  for (auto _ : state) {
    if (producer) {
      for (int i = 0; i < consumers; ++i) {
        item.w[0] = seq++;
        while (!push_now(q, item)) backoff.pause();
      }
    } else {
      for (int i = 0; i < producers; ++i) {
        while (!pop_now(q, item)) backoff.pause();
        benchmark::DoNotOptimize(item);
      }
    }
  }
  std::uint64_t missed = misses.stop();
  const double items = static_cast<double>(state.iterations()) * producers * consumers;
  if (producer) state.SetItemsProcessed(state.iterations() * consumers);
  // Summed over threads by Google Benchmark: total misses per item moved.
  if (misses.available()) state.counters["cache_misses_per_item"] = static_cast<double>(missed) / items;
}

void report_latency(benchmark::State& state, std::vector<std::uint32_t>& samples) {
  Percentiles p = percentiles(samples);
  state.counters["rtt_p50_ns"] = p.p50;
  state.counters["rtt_p99_ns"] = p.p99;
  state.counters["rtt_p999_ns"] = p.p999;
  state.counters["one_way_ns"] = p.p50 / 2;
  state.SetItemsProcessed(state.iterations());
}

std::uint32_t elapsed_ns(clock_type::time_point t0) {
  return static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now() - t0).count());
}

// Round trips main -> echo -> main through two queues of the same kind.
template <class Q>
void pingpong(benchmark::State& state) {
  using T = typename Q::value_type;
  constexpr std::uint64_t stop = ~std::uint64_t{0};
  Q there(64), back(64);
  std::thread echo([&] {
    T v{};
    Backoff backoff;
    for (;;) {
      while (!pop_now(there, v)) backoff.pause();
      if (v.w[0] == stop) return;
      while (!push_now(back, v)) backoff.pause();
    }
  });
  std::vector<std::uint32_t> samples;
  samples.reserve(state.max_iterations);
  T v{};
  Backoff backoff;
  for (auto _ : state) {
    auto t0 = clock_type::now();
    while (!push_now(there, v)) backoff.pause();
    while (!pop_now(back, v)) backoff.pause();
    samples.push_back(elapsed_ns(t0));
    ++v.w[0];
  }
  v.w[0] = stop;
  while (!push_now(there, v)) backoff.pause();
  echo.join();
  report_latency(state, samples);
}

// The physical floor: one atomic word bouncing between two cores.
void cacheline_pingpong(benchmark::State& state) {
  constexpr std::uint64_t stop = ~std::uint64_t{0};
  alignas(prefetch_pair) std::atomic<std::uint64_t> word{0};
  std::thread echo([&] {
    Backoff backoff;
    for (std::uint64_t expect = 1;; expect += 2) {
      std::uint64_t v;
      while ((v = word.load(std::memory_order_acquire)) != expect) {
        if (v == stop) return;
        backoff.pause();
      }
      word.store(expect + 1, std::memory_order_release);
    }
  });
  std::vector<std::uint32_t> samples;
  samples.reserve(state.max_iterations);
  std::uint64_t next = 1;
  Backoff backoff;
  for (auto _ : state) {
    auto t0 = clock_type::now();
    word.store(next, std::memory_order_release);
    while (word.load(std::memory_order_acquire) != next + 1) backoff.pause();
    samples.push_back(elapsed_ns(t0));
    next += 2;
  }
  word.store(stop, std::memory_order_release);
  echo.join();
  report_latency(state, samples);
}

// (producers, consumers) shapes the hardware allows: 1x1, then NxN.
std::vector<std::pair<int, int>> shapes(int max_p, int max_c) {
  std::vector<std::pair<int, int>> out{{1, 1}};
  for (int n = 2; 2 * n <= std::max(2, max_threads()); n *= 2)
    if ((max_p == 0 || n <= max_p) && (max_c == 0 || n <= max_c)) out.emplace_back(n, n);
  return out;
}

template <class Q>
void register_throughput(const std::string& impl, std::size_t bytes, int p, int c) {
  std::string name = "throughput/" + impl + "/p:" + std::to_string(p) + "/c:" + std::to_string(c) +
                     "/bytes:" + std::to_string(bytes);
  benchmark::RegisterBenchmark(name.c_str(), [p, c](benchmark::State& s) { throughput<Q>(s, p, c); })
      ->Threads(p + c)
      ->UseRealTime()
      ->Setup(Shared<Q>::setup)
      ->Teardown(Shared<Q>::teardown);
}

template <class Entry, std::size_t... Bytes>
void register_sizes(const std::string& impl, std::index_sequence<Bytes...>) {
  (register_throughput<typename Entry::template rebind<Payload<Bytes>>>(impl, Bytes, 1, 1), ...);
}

void register_all() {
  CacheMissCounter probe;
  benchmark::AddCustomContext("cache_misses", probe.available() ? "available" : "unavailable (" + probe.reason() + ")");
  benchmark::RegisterBenchmark("cacheline-pingpong/one-atomic", cacheline_pingpong)->UseRealTime();
  for_each_type(queue::implementations{}, [&]<class Entry>() {
    if constexpr (Entry::kind != Kind::known_bad) {
      const std::string impl(Entry::name);
      using Q8 = typename Entry::template rebind<Payload<8>>;
      register_sizes<Entry>(impl, std::index_sequence<8, 64, 512, 4096>{});
      for (auto [p, c] : shapes(Entry::max_producers, Entry::max_consumers))
        if (p > 1) register_throughput<Q8>(impl, 8, p, c);
      benchmark::RegisterBenchmark(("pingpong/" + impl + "/bytes:8").c_str(), pingpong<Q8>)->UseRealTime();
    }
  });
}

}  // namespace

GAUNTLET_BENCH_MAIN("queue", "mutex-condvar", register_all)
