// Benchmarks of the queue family (impls/queue/family.hpp), every entry but
// the known-bad ones:
//   throughput/<impl>/p:P/c:C/bytes:B   P producers and C consumers (Google
//       Benchmark threads); items_per_second; cache_misses_per_item where the
//       hardware counters are readable. 1x1 at 8 B..4 KiB; at 8 B, NxN, 1xN
//       and Nx1 for the queues that allow them, as far as the threads fit.
//   pingpong/<impl>/bytes:8             round trip through two queues between
//       two threads: rtt_p50_ns / rtt_p99_ns / rtt_p999_ns, one_way_ns = p50 / 2
//   cacheline-pingpong/one-atomic       the same round trip on one atomic
//       word: the machine's cache-line transfer floor (one_way_ns)
//   paired/<a>/vs:<b>/p:P/c:C/bytes:8   two queues in alternating slices
//       (paired.hpp): ratio = a / b, the median of the pairs, with its 95%
//       confidence interval. The performance targets (our SPSC rings against
//       the SPSC peers at 1x1, our MPMC against the MPMC peers at every shape;
//       kPairSpecs, published as the gauntlet_targets context) and the
//       padding ablation (packed and 128 against the 64-byte layout).
//   paired-latency/<impl>/vs:one-atomic/bytes:8   the hand-off target: the
//       queue's round trip over the one-atomic floor's, in alternating bursts
//       on the same two threads (paired_latency.hpp), for our SPSC rings
// The padding ablation is in the list itself: spsc-packed / spsc / spsc-128,
// spsc-lamport-packed / spsc-lamport / spsc-lamport-128 and mpmc-packed /
// mpmc / mpmc-128 run side by side in every workload, and as paired slices.
// Every workload pins its threads to distinct CPUs when they fit (affinity.hpp;
// counter `pinned`), so the floor and the hand-offs cross the same cores.
// Compare implementations with repetitions interleaved
// (--benchmark_enable_random_interleaving=true) and read the medians: a
// neighbour's burst of load, or the host moving the VM's vCPUs (even the
// floor moves from run to run on a VM; reports/MEASUREMENTS.md has the
// figures), then hits every contender alike instead of whichever ran during it.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "bench/common/affinity.hpp"
#include "bench/common/bench_main.hpp"
#include "bench/common/harness.hpp"
#include "bench/common/perf_counter.hpp"
#include "bench/queue/paired.hpp"
#include "bench/queue/paired_latency.hpp"
#include "impls/queue/family.hpp"

using namespace gauntlet;
using namespace gauntlet::bench;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr std::size_t kCapacity = 1024;
// Items each producer-consumer pair moves per benchmark iteration, so the
// benchmark loop's own bookkeeping is noise next to the queue's work. Each
// item is still pushed and popped alone: this batches the loop, not the queue.
constexpr int kBatch = 64;

// One queue shared by every thread of a throughput run, built before the
// threads start (Setup) and freed after they join (Teardown).
template <class Q>
struct Shared {
  static inline std::unique_ptr<Q> q;
  static void setup(const benchmark::State&) { q = std::make_unique<Q>(kCapacity); }
  static void teardown(const benchmark::State&) { q.reset(); }
};

// Each producer pushes kBatch * C items per iteration and each consumer pops
// kBatch * P, so the totals match whatever iteration count Google Benchmark
// picks. Producers take CPUs 0..P-1, consumers the next C.
template <class Q>
void throughput(benchmark::State& state, int producers, int consumers) {
  using T = typename Q::value_type;
  Q& q = *Shared<Q>::q;
  const bool producer = state.thread_index() < producers;
  PinnedThread pin(state.thread_index(), producers + consumers);
  CacheMissCounter misses;
  T item{};
  std::uint64_t seq = 0;
  misses.start();
  for (auto _ : state) {
    if (producer) {
      for (int i = 0; i < kBatch * consumers; ++i) {
        item.w[0] = seq++;
        push_wait(q, item);
      }
    } else {
      for (int i = 0; i < kBatch * producers; ++i) {
        pop_wait(q, item);
        benchmark::DoNotOptimize(item);
      }
    }
  }
  std::uint64_t missed = misses.stop();
  const double items = static_cast<double>(state.iterations()) * kBatch * producers * consumers;
  if (producer) state.SetItemsProcessed(state.iterations() * kBatch * consumers);
  // Counters are summed over threads: thread 0 alone speaks for the run.
  if (state.thread_index() == 0) state.counters["pinned"] = pin.pinned() ? 1 : 0;
  // Summed over threads by Google Benchmark: total misses per item moved.
  if (misses.available()) state.counters["cache_misses_per_item"] = static_cast<double>(missed) / items;
}

void report_latency(benchmark::State& state, std::vector<std::uint32_t>& samples, bool pinned) {
  Percentiles p = percentiles(samples);
  state.counters["pinned"] = pinned ? 1 : 0;
  state.counters["rtt_p50_ns"] = p.p50;
  state.counters["rtt_p99_ns"] = p.p99;
  state.counters["rtt_p999_ns"] = p.p999;
  state.counters["one_way_ns"] = p.p50 / 2;
  state.SetItemsProcessed(state.iterations());
}

std::uint32_t elapsed_ns(clock_type::time_point t0) {
  return static_cast<std::uint32_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now() - t0).count());
}

// Round trips main -> echo -> main through two queues of the same kind; main
// on CPU slot 0, echo on slot 1, as in cacheline_pingpong.
template <class Q>
void pingpong(benchmark::State& state) {
  using T = typename Q::value_type;
  constexpr std::uint64_t stop = ~std::uint64_t{0};
  Q there(64), back(64);
  std::thread echo([&] {
    PinnedThread pin(1, 2);
    T v{};
    for (;;) {
      pop_wait(there, v);
      if (v.w[0] == stop) return;
      push_wait(back, v);
    }
  });
  PinnedThread pin(0, 2);
  std::vector<std::uint32_t> samples;
  samples.reserve(state.max_iterations);
  T v{};
  for (auto _ : state) {
    auto t0 = clock_type::now();
    push_wait(there, v);
    pop_wait(back, v);
    samples.push_back(elapsed_ns(t0));
    ++v.w[0];
  }
  v.w[0] = stop;
  push_wait(there, v);
  echo.join();
  report_latency(state, samples, pin.pinned());
}

// The physical floor: one atomic word bouncing between two cores.
void cacheline_pingpong(benchmark::State& state) {
  constexpr std::uint64_t stop = ~std::uint64_t{0};
  alignas(prefetch_pair) std::atomic<std::uint64_t> word{0};
  std::thread echo([&] {
    PinnedThread pin(1, 2);
    for (std::uint64_t expect = 1;; expect += 2) {
      Backoff backoff;
      std::uint64_t v;
      while ((v = word.load(std::memory_order_acquire)) != expect) {
        if (v == stop) return;
        backoff.pause();
      }
      word.store(expect + 1, std::memory_order_release);
    }
  });
  PinnedThread pin(0, 2);
  std::vector<std::uint32_t> samples;
  samples.reserve(state.max_iterations);
  std::uint64_t next = 1;
  for (auto _ : state) {
    auto t0 = clock_type::now();
    word.store(next, std::memory_order_release);
    Backoff backoff;
    while (word.load(std::memory_order_acquire) != next + 1) backoff.pause();
    samples.push_back(elapsed_ns(t0));
    next += 2;
  }
  word.store(stop, std::memory_order_release);
  echo.join();
  report_latency(state, samples, pin.pinned());
}

// (producers, consumers) shapes the queue and the thread budget allow: 1x1,
// then for N = 2, 4, ...: NxN, 1xN and Nx1, each while its threads fit in
// max_threads() (1x1 always runs). A 2-core machine runs 1x1 only; 16 cores
// run up to 8x8, 1x8 and 8x1.
std::vector<std::pair<int, int>> shapes(int max_p, int max_c) {
  auto allows = [](int limit, int n) { return limit == 0 || n <= limit; };
  std::vector<std::pair<int, int>> out{{1, 1}};
  for (int n = 2; 1 + n <= max_threads(); n *= 2)
    for (auto [p, c] : {std::pair{n, n}, std::pair{1, n}, std::pair{n, 1}})
      if (p + c <= max_threads() && allows(max_p, p) && allows(max_c, c)) out.emplace_back(p, c);
  return out;
}

template <class Q>
void register_throughput(const std::string& impl, std::size_t bytes, int p, int c) {
  const std::string name = bench_name("throughput", impl).with("p", p).with("c", c).with("bytes", bytes).str();
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

// What runs as paired slices (paired.hpp), and why: a performance target,
// ours against a peer, that the report judges (`comparison` names the rule),
// or the padding ablation, a layout against the 64-byte one, which the report
// shows but does not judge (no comparison). SPSC pairs run 1x1; MPMC pairs
// every shape the thread budget allows. Targets are listed in the order the
// report presents them: Lamport's ring with cached indices, the reference
// design, before the turn ring.
struct PairSpec {
  std::string_view a, b;
  bool every_shape;
  std::string_view comparison;  // "at least matches", "beats", or empty: not a target
};
constexpr PairSpec kPairSpecs[] = {
    {"spsc-lamport", "boost-spsc_queue", false, "at least matches"},
    {"spsc-lamport", "moodycamel-readerwriterqueue", false, "at least matches"},
    {"spsc", "boost-spsc_queue", false, "at least matches"},
    {"spsc", "moodycamel-readerwriterqueue", false, "at least matches"},
    {"mpmc", "boost-queue", true, "beats"},
    {"mpmc", "tbb-concurrent_bounded_queue", true, "beats"},
    {"spsc-packed", "spsc", false, {}},
    {"spsc-128", "spsc", false, {}},
    {"spsc-lamport-packed", "spsc-lamport", false, {}},
    {"spsc-lamport-128", "spsc-lamport", false, {}},
    {"mpmc-packed", "mpmc", true, {}},
    {"mpmc-128", "mpmc", true, {}},
};
constexpr const PairSpec* find_pair(std::string_view a, std::string_view b) {
  auto it = std::ranges::find_if(kPairSpecs, [&](const PairSpec& spec) { return spec.a == a && spec.b == b; });
  return it == std::end(kPairSpecs) ? nullptr : it;
}

// Paired benchmarks run a fixed number of pairs: the statistic is their
// median, so Google Benchmark's time-based iteration count would only make the
// quick run's median rest on two or three pairs.
constexpr int kPairs = 24;
// Paired rows move the smallest payload: the queue's own cost, not the copy's.
constexpr std::size_t kPairedBytes = 8;

void register_paired() {
  for_each_type(queue::implementations{}, [&]<class A>() {
    for_each_type(queue::implementations{}, [&]<class B>() {
      if constexpr (find_pair(A::name, B::name) != nullptr) {
        using A8 = typename A::template rebind<Payload<kPairedBytes>>;
        using B8 = typename B::template rebind<Payload<kPairedBytes>>;
        std::vector<std::pair<int, int>> run_shapes{{1, 1}};
        if (find_pair(A::name, B::name)->every_shape) run_shapes = shapes(B::max_producers, B::max_consumers);
        for (auto [p, c] : run_shapes) {
          const std::string name = bench_name("paired", A::name)
                                       .with("vs", B::name)
                                       .with("p", p)
                                       .with("c", c)
                                       .with("bytes", kPairedBytes)
                                       .str();
          benchmark::RegisterBenchmark(name.c_str(),
                                       [p, c](benchmark::State& s) { paired<A8, B8>(s, p, c, kCapacity); })
              ->Iterations(kPairs)
              ->UseRealTime();
        }
      }
    });
  });
}

// The rings the hand-off target judges: each one's round trip within
// kHandOffBound times the one-atomic floor's, in the same bursts.
constexpr std::string_view kLatencyTargets[] = {"spsc", "spsc-lamport"};
constexpr int kHandOffBound = 3;
constexpr bool is_latency_target(std::string_view name) {
  return std::ranges::find(kLatencyTargets, name) != std::end(kLatencyTargets);
}

void register_paired_latency() {
  for_each_type(queue::implementations{}, [&]<class Q>() {
    if constexpr (is_latency_target(Q::name)) {
      using Q8 = typename Q::template rebind<Payload<kPairedBytes>>;
      const std::string name =
          bench_name("paired-latency", Q::name).with("vs", "one-atomic").with("bytes", kPairedBytes).str();
      benchmark::RegisterBenchmark(name.c_str(), paired_latency<Q8>)->Iterations(kPairs)->UseRealTime();
    }
  });
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

// The performance targets, in the context the report's queue plugin reads
// (gauntlet_targets): a JSON array with one record per claim, so the claims
// are written once, here, beside the benchmarks that measure them. The plugin
// owns only the rules: "at least matches" holds unless the whole 95% interval
// of the median ratio is below 1, "beats" needs all of it above 1, and
// "within Nx" all of it at or below N.
std::string targets_json() {
  std::vector<std::string> records;
  auto record = [&](std::string_view claim, std::string_view workload, std::string_view ours, std::string_view peer,
                    std::string_view comparison, std::string_view shapes, std::string_view extra) {
    records.push_back("{\"claim\": " + json_string(claim) + ", \"workload\": " + json_string(workload) +
                      ", \"ours\": " + json_string(ours) + ", \"peer\": " + json_string(peer) +
                      ", \"comparison\": " + json_string(comparison) + ", \"shapes\": " + json_string(shapes) +
                      ", \"bytes\": " + std::to_string(kPairedBytes) + std::string(extra) + "}");
  };
  for (const PairSpec& spec : kPairSpecs) {
    if (spec.comparison.empty()) continue;
    const std::string claim =
        std::string(spec.a) + " throughput " + std::string(spec.comparison) + " " + std::string(spec.b);
    record(claim, "paired", spec.a, spec.b, spec.comparison, spec.every_shape ? "every" : "1x1", "");
  }
  const std::string within = "within " + std::to_string(kHandOffBound) + "x";
  for (std::string_view ring : kLatencyTargets) {
    const std::string claim = std::string(ring) + " one-way hand-off " + within + " the cache-line transfer floor";
    record(claim, "paired-latency", ring, "one-atomic", within, "1x1", ", \"bound\": " + std::to_string(kHandOffBound));
  }
  std::string out = "[";
  for (std::size_t i = 0; i < records.size(); ++i) out += (i ? ", " : "") + records[i];
  return out + "]";
}

void register_all() {
  CacheMissCounter probe;
  benchmark::AddCustomContext("cache_misses", probe.available() ? "available" : "unavailable (" + probe.reason() + ")");
  benchmark::AddCustomContext("cpu_pinning", pinning_context());
  benchmark::AddCustomContext("items_per_iteration", std::to_string(kBatch) + " per producer-consumer pair");
  benchmark::AddCustomContext("gauntlet_targets", targets_json());
  benchmark::RegisterBenchmark(bench_name("cacheline-pingpong", "one-atomic").str().c_str(), cacheline_pingpong)
      ->UseRealTime();
  for_each_type(queue::implementations{}, [&]<class Entry>() {
    if constexpr (Entry::kind != Kind::known_bad) {
      const std::string impl(Entry::name);
      using Q8 = typename Entry::template rebind<Payload<8>>;
      register_sizes<Entry>(impl, std::index_sequence<8, 64, 512, 4096>{});
      for (auto [p, c] : shapes(Entry::max_producers, Entry::max_consumers))
        if (p + c > 2) register_throughput<Q8>(impl, 8, p, c);
      benchmark::RegisterBenchmark(bench_name("pingpong", impl).with("bytes", 8).str().c_str(), pingpong<Q8>)
          ->UseRealTime();
    }
  });
  register_paired();
  register_paired_latency();
}

}  // namespace

GAUNTLET_BENCH_MAIN(gauntlet::queue::describe_family(), register_all)
