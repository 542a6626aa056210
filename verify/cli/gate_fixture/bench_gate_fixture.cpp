// The regression gate's fixture: three small workloads whose cost is linear
// in a step count, so that GAUNTLET_GATE_EXTRA_PERCENT (a compile definition)
// injects a known slowdown: +5% steps is +5% time, give or take the loop's
// fixed overhead, which `scripts/gauntlet calibrate` measures and reports as
// the injected ratio it actually saw. Three shapes, because noise hits them
// differently: a dependent ALU chain (frequency), a pointer chase (memory),
// and a shared atomic counter at every thread count (contention).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "bench/common/bench_main.hpp"

#ifndef GAUNTLET_GATE_EXTRA_PERCENT
#define GAUNTLET_GATE_EXTRA_PERCENT 0
#endif

namespace {

constexpr std::int64_t steps(std::int64_t base) { return base + base * GAUNTLET_GATE_EXTRA_PERCENT / 100; }

void alu(benchmark::State& state) {
  std::uint64_t x = 1;
  for (auto _ : state) {
    for (std::int64_t i = 0; i < steps(2000); ++i) x = x * 6364136223846793005ull + 1442695040888963407ull;
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(state.iterations());
}

// A single random cycle through 256 KiB: every step is a dependent load
// that the prefetchers cannot guess, served from L2 once warm (a table that
// misses to memory is not warm within a 10 ms run, and its cost would not be
// linear in the steps).
const std::vector<std::uint32_t>& cycle() {
  static const std::vector<std::uint32_t> next = [] {
    std::vector<std::uint32_t> order(1u << 16);
    std::iota(order.begin(), order.end(), 0u);
    std::shuffle(order.begin() + 1, order.end(), std::mt19937(42));  // fixed: the same chase every run
    std::vector<std::uint32_t> n(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) n[order[i]] = order[(i + 1) % order.size()];
    return n;
  }();
  return next;
}

void memory(benchmark::State& state) {
  const auto& next = cycle();
  std::uint32_t at = 0;
  for (auto _ : state) {
    for (std::int64_t i = 0; i < steps(500); ++i) at = next[at];
    benchmark::DoNotOptimize(at);
  }
  state.SetItemsProcessed(state.iterations());
}

std::atomic<std::uint64_t> shared_counter{0};

void atomic_add(benchmark::State& state) {
  for (auto _ : state) {
    for (std::int64_t i = 0; i < steps(200); ++i) shared_counter.fetch_add(1, std::memory_order_relaxed);
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

int main(int argc, char** argv) {
  using gauntlet::bench::apply_thread_sweep;
  benchmark::RegisterBenchmark("gate_fixture/alu", alu)->UseRealTime();
  benchmark::RegisterBenchmark("gate_fixture/memory", memory)->UseRealTime();
  benchmark::RegisterBenchmark("gate_fixture/atomic", atomic_add)->Apply(apply_thread_sweep);
  benchmark::AddCustomContext("gauntlet_gate_extra_percent", std::to_string(GAUNTLET_GATE_EXTRA_PERCENT));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
