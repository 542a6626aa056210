// Raft benchmarks.
//
//   sim-sweep/<variant>      the deterministic simulator: simulated events per second
//                            of wall time, one 5-node run (2,000 client operations,
//                            nemesis from the seed) per iteration; `sweep_1000_s`
//                            extrapolates a 1,000-seed sweep on one core.
//   threaded/<variant>       one thread per node, in-process transport, real clocks:
//                            committed operations per second and commit latency
//                            (propose to apply at the leader), `window` proposals in flight.
#include <algorithm>
#include <string>

#include "common/bench_main.hpp"
#include "raft/sweep.hpp"
#include "raft/threaded_cluster.hpp"

using namespace gauntlet;
using namespace gauntlet::raft;

namespace {

void sim_sweep(benchmark::State& state, const Variant* variant) {
  verify::RunOptions opt;
  opt.variant = variant;
  std::uint64_t seed = 1, events = 0, ops = 0, runs = 0;
  for (auto _ : state) {
    opt.seed = seed++;
    verify::RunOutcome r = verify::run_once(opt);
    if (!r.passed) state.SkipWithError(("violation at seed " + std::to_string(r.seed)).c_str());
    events += r.events;
    ops += r.ops;
    ++runs;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["runs_per_s"] = benchmark::Counter(static_cast<double>(runs), benchmark::Counter::kIsRate);
  state.counters["sweep_1000_s"] =
      benchmark::Counter(static_cast<double>(runs) / 1000.0, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["ops_per_run"] = static_cast<double>(ops) / static_cast<double>(std::max<std::uint64_t>(runs, 1));
  state.counters["events_per_run"] = static_cast<double>(events) / static_cast<double>(std::max<std::uint64_t>(runs, 1));
}

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
  raft::bench::ThreadedCluster cluster(3, base);
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
    benchmark::RegisterBenchmark((std::string("sim-sweep/") + name).c_str(), sim_sweep, v)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark((std::string("threaded/") + name).c_str(), threaded, v)
        ->ArgName("window")
        ->Arg(64)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace

GAUNTLET_BENCH_MAIN("raft", "basic", register_all)
