// Raft benchmarks (the simulator's own, sim-sweep/<variant>, live beside it in
// verify/raft/bench_sim_sweep.cpp).
//
//   threaded/<variant>       one thread per node, in-process transport, real clocks:
//                            committed operations per second and commit latency
//                            (propose to apply at the leader), `window` proposals in flight.
#include <algorithm>
#include <string>

#include "bench/common/bench_main.hpp"
#include "bench/raft/threaded_cluster.hpp"
#include "impls/raft/family.hpp"

using namespace gauntlet;
using namespace gauntlet::raft;

namespace {

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  auto k = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

void threaded(benchmark::State& state, const Variant* variant) {
  Config base;
  variant->configure(base);
  const auto window = static_cast<std::size_t>(state.range(0));
  raft::runtime::ThreadedCluster cluster(3, base);
  auto leader = cluster.await_leader();
  if (!leader) {
    state.SkipWithError("no leader elected");
    return;
  }
  std::uint64_t committed = 0;
  std::vector<double> latencies;
  for (auto _ : state) {
    auto r = cluster.commit(*leader, 2000, window);
    if (!r.complete) {
      state.SkipWithError("leadership moved during the run");
      break;
    }
    committed += r.committed;
    latencies.insert(latencies.end(), r.latency_us.begin(), r.latency_us.end());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(committed));
  state.counters["latency_p50_us"] = percentile(latencies, 0.5);
  state.counters["latency_p99_us"] = percentile(latencies, 0.99);
}

void register_all() {
  for (const char* name : {"basic", "batched"}) {
    const Variant* v = find_variant(name);
    // Google Benchmark appends /window:64 (ArgName), in the grammar's key:value form.
    benchmark::RegisterBenchmark(bench::bench_name("threaded", name).str().c_str(), threaded, v)
        ->ArgName("window")
        ->Arg(64)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace

GAUNTLET_BENCH_MAIN(gauntlet::raft::describe_family(), register_all)
