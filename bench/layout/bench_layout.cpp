// Benchmarks of the cache-line layout family, side by side in one run.
//
//   floor/cas-pingpong/cpu_a:A/cpu_b:B
//                     the cache-line transfer floor: one word, two threads
//                     pinned to CPUs A and B taking turns to CAS it (A: even to
//                     odd, B: odd to even), each spinning on loads until its
//                     turn. One iteration is one round trip (two transfers);
//                     counters rt_median_ns, rt_p99_ns (each round trip timed,
//                     one clock read per sample included), clock_ns (that
//                     read's cost) and one_way_ns (half the median less the
//                     clock read). Every pair of allowed CPUs, up to
//                     GAUNTLET_LAYOUT_MATRIX_CPUS (default 16) of them: a
//                     matrix where there are more than 2.
//   interference/two-writers/distance:D/threads:2
//                     the destructive-interference distance: two pinned
//                     threads, each adding to its own word, the words D bytes
//                     apart (D = 8 .. 128 in steps of 8, then 160 .. 256 and
//                     4096, far apart); ns_per_write is the time of one
//                     write, per thread (each thread's own clock).
//   increment/IMPL/threads:N
//                     every layout of the family: each of N threads (the thread
//                     sweep, pinned when they fit) increments its own counter;
//                     ns_per_increment is the time of one increment, per
//                     thread (each thread's own clock).
//
// The report plugin (scripts/report/plugins/layout.py) gives each layout's
// cost as a ratio to thread-private's and as a multiple of the floor's one-way
// transfer, and reads the interference distance off the curve.
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench/common/affinity.hpp"
#include "bench/common/bench_main.hpp"
#include "impls/layout/family.hpp"

namespace gauntlet::layout {
namespace {

// Pins the calling thread to one CPU while in scope.
class PinTo {
 public:
  explicit PinTo(int cpu) {
    if (sched_getaffinity(0, sizeof(saved_), &saved_) != 0) return;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    pinned_ = sched_setaffinity(0, sizeof(one), &one) == 0;
  }
  ~PinTo() {
    if (pinned_) sched_setaffinity(0, sizeof(saved_), &saved_);
  }
  PinTo(const PinTo&) = delete;
  PinTo& operator=(const PinTo&) = delete;
  bool pinned() const { return pinned_; }

 private:
  cpu_set_t saved_{};
  bool pinned_ = false;
};

// Spins on the load alone: a pause instruction (about 140 cycles on recent
// x86 cores) would add its length to every hand-off measured. Yields now and
// then, so that two threads on one CPU (pinning refused) still take turns.
inline void relax(unsigned& spins) {
  if (++spins % 65536 == 0) std::this_thread::yield();
}

struct alignas(prefetch_pair) Word {
  std::atomic<std::uint64_t> v{0};
};

double quantile(std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

// The cost of one steady_clock::now(), which every round-trip sample includes once.
double clock_read_ns() {
  constexpr int reads = 20000;
  std::int64_t sink = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < reads; ++i) sink += std::chrono::steady_clock::now().time_since_epoch().count() & 1;
  benchmark::DoNotOptimize(sink);
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() / reads;
}

void floor_pingpong(benchmark::State& state, int cpu_a, int cpu_b) {
  auto word = std::make_unique<Word>();
  std::atomic<bool> stop{false};
  std::atomic<bool> partner_pinned{false};
  std::thread partner([&] {
    PinTo pin(cpu_b);
    partner_pinned.store(pin.pinned());
    std::uint64_t turn = 1;
    unsigned spins = 0;
    while (!stop.load(std::memory_order_relaxed)) {
      std::uint64_t seen = word->v.load(std::memory_order_relaxed);
      if (seen == turn && word->v.compare_exchange_strong(seen, turn + 1, std::memory_order_acq_rel)) {
        turn += 2;
        spins = 0;
      } else {
        relax(spins);
      }
    }
  });
  bool pinned = false;
  std::vector<double> samples;
  {
    PinTo pin(cpu_a);
    pinned = pin.pinned();
    samples.reserve(static_cast<std::size_t>(state.max_iterations));
    std::uint64_t mine = 0;
    auto last = std::chrono::steady_clock::now();
    for (auto _ : state) {
      std::uint64_t expect = mine;
      word->v.compare_exchange_strong(expect, mine + 1, std::memory_order_acq_rel);  // our turn: always succeeds
      unsigned spins = 0;
      while (word->v.load(std::memory_order_acquire) != mine + 2) relax(spins);
      mine += 2;
      auto now = std::chrono::steady_clock::now();
      samples.push_back(std::chrono::duration<double, std::nano>(now - last).count());
      last = now;
    }
    stop.store(true);
    partner.join();
  }
  std::sort(samples.begin(), samples.end());
  const double median = quantile(samples, 0.5);
  const double clock = clock_read_ns();
  state.counters["rt_median_ns"] = median;
  state.counters["rt_p99_ns"] = quantile(samples, 0.99);
  state.counters["clock_ns"] = clock;
  state.counters["one_way_ns"] = median > clock ? (median - clock) / 2 : median / 2;
  state.counters["cpu_a"] = cpu_a;
  state.counters["cpu_b"] = cpu_b;
  state.counters["pinned"] = pinned && partner_pinned.load() ? 1 : 0;
}

// This thread's time per iteration since start, averaged over the threads.
// (Google Benchmark's real_time of a threaded run is the wall time over all
// threads' iterations together: N threads' per-thread cost divided by N.)
benchmark::Counter per_thread_ns(const benchmark::State& state, std::chrono::steady_clock::time_point start) {
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  const double iters = static_cast<double>(state.iterations());
  return benchmark::Counter(iters > 0 ? ns / iters : 0, benchmark::Counter::kAvgThreads);
}

// The two writers' words: a 128-aligned block long enough for the farthest distance.
constexpr std::size_t far_distance = 4096;
struct alignas(4096) WriterBlock {
  std::atomic<std::uint64_t> words[(far_distance + 64) / 8];
};
std::unique_ptr<WriterBlock> writers;

void two_writers(benchmark::State& state, std::size_t distance) {
  bench::PinnedThread pin(state.thread_index(), state.threads());
  std::atomic<std::uint64_t>& mine = writers->words[state.thread_index() == 0 ? 0 : distance / 8];
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) mine.fetch_add(1, std::memory_order_relaxed);
  state.counters["ns_per_write"] = per_thread_ns(state, start);
  state.SetItemsProcessed(state.iterations());
  state.counters["distance"] = benchmark::Counter(static_cast<double>(distance), benchmark::Counter::kAvgThreads);
  state.counters["pinned"] = benchmark::Counter(pin.pinned() ? 1 : 0, benchmark::Counter::kAvgThreads);
}

template <class C>
std::unique_ptr<C> counters;

template <class C>
void increment(benchmark::State& state) {
  bench::PinnedThread pin(state.thread_index(), state.threads());
  C& c = *counters<C>;
  const auto i = static_cast<unsigned>(state.thread_index());
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) c.increment(i);
  state.counters["ns_per_increment"] = per_thread_ns(state, start);
  state.SetItemsProcessed(state.iterations());
  state.counters["pinned"] = benchmark::Counter(pin.pinned() ? 1 : 0, benchmark::Counter::kAvgThreads);
}

int matrix_cpus() {
  if (const char* env = std::getenv("GAUNTLET_LAYOUT_MATRIX_CPUS")) {
    int n = std::atoi(env);
    if (n > 1) return n;
  }
  return 16;
}

void register_all() {
  const std::vector<int>& cpus = bench::allowed_cpus();
  const std::size_t n = std::min<std::size_t>(cpus.size(), static_cast<std::size_t>(matrix_cpus()));
  benchmark::AddCustomContext("gauntlet_layout_floor_cpus", std::to_string(n));
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b) {
      const int ca = cpus[a], cb = cpus[b];
      benchmark::RegisterBenchmark(
          bench::bench_name("floor", "cas-pingpong").with("cpu_a", ca).with("cpu_b", cb).str().c_str(),
          [ca, cb](benchmark::State& s) { floor_pingpong(s, ca, cb); })
          ->Iterations(200000)
          ->UseRealTime();
    }

  std::vector<std::size_t> distances;
  for (std::size_t d = 8; d <= 128; d += 8) distances.push_back(d);
  for (std::size_t d : {160, 192, 224, 256}) distances.push_back(d);
  distances.push_back(far_distance);
  for (std::size_t d : distances)
    benchmark::RegisterBenchmark(bench::bench_name("interference", "two-writers").with("distance", d).str().c_str(),
                                 [d](benchmark::State& s) { two_writers(s, d); })
        ->Setup([](const benchmark::State&) { writers = std::make_unique<WriterBlock>(); })
        ->Teardown([](const benchmark::State&) { writers.reset(); })
        ->Threads(2)
        ->MinTime(0.2)
        ->UseRealTime();

  for_each_type(implementations{}, []<class C>() {
    benchmark::RegisterBenchmark(bench::bench_name("increment", C::name).str().c_str(), increment<C>)
        ->Setup(
            [](const benchmark::State& s) { counters<C> = std::make_unique<C>(static_cast<unsigned>(s.threads())); })
        ->Teardown([](const benchmark::State&) { counters<C>.reset(); })
        ->MinTime(0.2)
        ->Apply(bench::apply_thread_sweep);
  });
}

}  // namespace
}  // namespace gauntlet::layout

GAUNTLET_BENCH_MAIN(gauntlet::layout::describe_family(), gauntlet::layout::register_all)
