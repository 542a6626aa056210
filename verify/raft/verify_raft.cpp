// verify_raft: the raft family's verdict rows.
//
// basic and batched must pass a sweep of seeds with the nemesis on (CI depth: a
// small sweep; full depth: 1,000 seeds). Each known-bad variant must be caught:
// its seeds run until one violates a check, and the row says after how many
// seeds and by which check. Liveness (time to leader and to recovery after the
// last fault heals) is reported in the details of the passing rows.
#include <cstdio>
#include <string>

#include "verify/common/verdict.hpp"
#include "verify/raft/sweep.hpp"

using namespace gauntlet;
using namespace gauntlet::raft::simulation;

int main(int argc, char** argv) {
  gauntlet::verify::Verifier v("raft", argc, argv);
  const std::uint64_t good_seeds = v.full() ? 1000 : 100;
  const std::uint64_t bad_budget = v.full() ? 5000 : 1500;  // seeds a known-bad variant gets to fail
  for (const auto& variant : raft::variants()) {
    if (!v.selected(variant.name)) continue;
    RunOptions opt;
    opt.variant = &variant;
    const bool bad = variant.kind == Kind::known_bad;
    SweepSummary s = sweep(opt, 1, bad ? bad_budget : good_seeds);
    gauntlet::verify::CheckResult r;
    r.violated = s.failure.has_value();
    r.iterations = s.runs;
    r.details = {{"seeds", s.runs},
                 {"faults", s.faults},
                 {"unchecked", s.unchecked},
                 {"operations", s.ops},
                 {"indeterminate", s.indeterminate},
                 {"events", s.events},
                 {"time_to_leader_ms_p50", sim::percentile(s.time_to_leader_ms, 0.5)},
                 {"time_to_leader_ms_p99", sim::percentile(s.time_to_leader_ms, 0.99)},
                 {"time_to_leader_ms_max", sim::percentile(s.time_to_leader_ms, 1.0)},
                 {"time_to_recover_ms_p50", sim::percentile(s.time_to_recover_ms, 0.5)},
                 {"time_to_recover_ms_p99", sim::percentile(s.time_to_recover_ms, 0.99)},
                 {"time_to_recover_ms_max", sim::percentile(s.time_to_recover_ms, 1.0)}};
    if (s.failure) {
      const RunOutcome& f = *s.failure;
      r.seed = f.seed;
      r.message =
          (bad ? "caught after " + std::to_string(s.runs) + " seeds by " : "violation: ") + f.check + ": " + f.message;
      r.details["caught_by"] = f.check;
      r.details["seeds_to_catch"] = s.runs;
      r.details["nemesis"] = f.nemesis;
    } else {
      r.seed = 1;
      r.message = std::to_string(s.runs) + " seeds, " + std::to_string(s.ops) + " operations, " +
                  std::to_string(s.faults) + " faults, no violation";
    }
    v.record(variant, "sim-nemesis", r);
  }
  return v.finish();
}
