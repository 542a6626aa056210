// Reader-writer lock throughput over the family list (known-bad variants
// left out: a broken lock's speed means nothing).
//
// Workloads, named by the share of reads: read0, read50, read90, read99,
// read100. Each operation takes the lock (shared for a read, exclusive for a
// write), touches the protected words `cs` times, and lets go. Two layouts:
//   read90/IMPL/cs:4            lock and data padded onto separate lines
//   read90-sameline/IMPL/cs:4   data and lock packed into one struct, data first,
//                               so the lock's first bytes share the data's line.
//                               Locks that align their own hot words (phase-fair,
//                               reader-scalable) are immune by construction.
// Threads sweep 1..GAUNTLET_MAX_THREADS. GAUNTLET_RWLOCK_CS (comma list, default
// 4) sets the critical-section lengths.
// Counters: items_per_second (all threads' operations per second) and
// per_thread_ops_per_second.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "bench/common/bench_main.hpp"
#include "impls/rwlock/family.hpp"

namespace {

using namespace gauntlet;
using namespace gauntlet::rwlock;

constexpr std::array<int, 5> kReadShares = {0, 50, 90, 99, 100};
constexpr int kWords = 4;  // 32 bytes of data: half a line, leaving room for the lock beside it

struct Payload {
  std::uint64_t words[kWords] = {};
};

template <class Lock>
struct Padded {
  alignas(prefetch_pair) Payload data;
  alignas(prefetch_pair) Lock lock;
};

template <class Lock>
struct alignas(cache_line) SameLine {
  Payload data;
  Lock lock;
};

// xorshift64: cheap enough not to show in the measurement.
struct Rng {
  std::uint64_t s;
  unsigned below_100() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return static_cast<unsigned>((s >> 32) % 100);
  }
};

template <class Lock, template <class> class Layout>
void bm_mix(benchmark::State& state, int read_percent, int cs) {
  static Layout<Lock> shared;  // one per (lock, layout), shared by the threads of a run
  Rng rng{0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(state.thread_index() + 1)};
  std::uint64_t sink = 0;
  for (auto _ : state) {
    if (static_cast<int>(rng.below_100()) < read_percent) {
      shared.lock.lock_shared();
      for (int i = 0; i < cs; ++i) sink += shared.data.words[i % kWords];
      shared.lock.unlock_shared();
    } else {
      shared.lock.lock();
      for (int i = 0; i < cs; ++i) ++shared.data.words[i % kWords];
      shared.lock.unlock();
    }
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
  state.counters["per_thread_ops_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations()), benchmark::Counter::kIsRate | benchmark::Counter::kAvgThreads);
}

std::vector<int> cs_lengths() {
  std::vector<int> out;
  if (const char* env = std::getenv("GAUNTLET_RWLOCK_CS")) {
    std::stringstream in(env);
    std::string item;
    while (std::getline(in, item, ',')) {
      int n = std::atoi(item.c_str());
      if (n > 0) out.push_back(n);
    }
  }
  if (out.empty()) out.push_back(4);
  return out;
}

void register_benchmarks() {
  const std::vector<int> lengths = cs_lengths();
  for_each_type(implementations{}, [&]<class L>() {
    if constexpr (L::kind != Kind::known_bad) {
      for (int cs : lengths) {
        for (int share : kReadShares) {
          const std::string workload = "read" + std::to_string(share);
          benchmark::RegisterBenchmark(bench::bench_name(workload, L::name).with("cs", cs).str().c_str(),
                                       bm_mix<L, Padded>, share, cs)
              ->Apply(bench::apply_thread_sweep);
          benchmark::RegisterBenchmark(bench::bench_name(workload + "-sameline", L::name).with("cs", cs).str().c_str(),
                                       bm_mix<L, SameLine>, share, cs)
              ->Apply(bench::apply_thread_sweep);
        }
      }
    }
  });
}

}  // namespace

GAUNTLET_BENCH_MAIN(gauntlet::rwlock::describe_family(), register_benchmarks)
