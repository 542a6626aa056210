// The simulator's own benchmark, beside the simulator's Raft front end:
//
//   sim-sweep/<variant>      simulated events per second of wall time, one
//                            5-node run (2,000 client operations, nemesis from
//                            the seed) per iteration; `sweep_1000_s`
//                            extrapolates a 1,000-seed sweep on one core.
#include <algorithm>
#include <string>

#include "bench/common/bench_main.hpp"
#include "impls/raft/family.hpp"
#include "verify/raft/sweep.hpp"

using namespace gauntlet;
using namespace gauntlet::raft;

namespace {

void sim_sweep(benchmark::State& state, const Variant* variant) {
  simulation::RunOptions opt;
  opt.variant = variant;
  std::uint64_t seed = 1, events = 0, ops = 0, runs = 0;
  for (auto _ : state) {
    opt.seed = seed++;
    simulation::RunOutcome r = simulation::run_once(opt);
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
  state.counters["events_per_run"] =
      static_cast<double>(events) / static_cast<double>(std::max<std::uint64_t>(runs, 1));
}

void register_all() {
  for (const char* name : {"basic", "batched"}) {
    benchmark::RegisterBenchmark(bench::bench_name("sim-sweep", name).str().c_str(), sim_sweep, find_variant(name))
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace

GAUNTLET_BENCH_MAIN(gauntlet::raft::describe_family(), register_all)
