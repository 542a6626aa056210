// Benchmarks of the batch family (impls/batch/family.hpp), every entry but
// the known-bad seed (it loses its last batch on shutdown).
//   throughput/<impl>/batch:B   one producer submits (blocking: back-pressure
//       included), the worker batches by size B (or 1 ms) into a sink that
//       sums the batch: items_per_second, batches_per_item.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "bench/common/bench_main.hpp"
#include "impls/batch/family.hpp"

using namespace gauntlet;

namespace {

template <class P>
void throughput(benchmark::State& state, std::size_t batch) {
  std::atomic<std::uint64_t> batches{0}, sum{0};
  P bp(batch::Config{batch, std::chrono::milliseconds(1), 1024}, [&](std::span<const std::uint64_t> b) {
    std::uint64_t s = 0;
    for (auto v : b) s += v;
    sum.fetch_add(s, std::memory_order_relaxed);
    batches.fetch_add(1, std::memory_order_relaxed);
  });
  std::uint64_t i = 0;
  for (auto _ : state) bp.submit(i++);
  bp.shutdown();  // every accepted message delivered before the figures are read
  state.SetItemsProcessed(state.iterations());
  state.counters["batches_per_item"] = static_cast<double>(batches.load()) / static_cast<double>(state.iterations());
  benchmark::DoNotOptimize(sum.load());
}

void register_all() {
  for_each_type(batch::implementations{}, [&]<class P>() {
    if constexpr (P::kind != Kind::known_bad) {
      for (std::size_t b : {1, 16, 256}) {
        const std::string name = bench::bench_name("throughput", P::name).with("batch", b).str();
        benchmark::RegisterBenchmark(name.c_str(), [b](benchmark::State& s) { throughput<P>(s, b); })->UseRealTime();
      }
    }
  });
}

}  // namespace

GAUNTLET_BENCH_MAIN(gauntlet::batch::describe_family(), register_all)
