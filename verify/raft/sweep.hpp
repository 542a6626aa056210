#pragma once
// A sweep: runs seeds FIRST..LAST of one variant, stopping at the first
// violation, and sums up what happened (the CLI, the verifier and the
// benchmark all use it).
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "verify/raft/run.hpp"
#include "verify/sim/sweep.hpp"

namespace gauntlet::raft::simulation {

struct SweepSummary : sim::SweepCounts {
  std::uint64_t unchecked = 0;
  std::vector<double> time_to_leader_ms, time_to_recover_ms;
  std::optional<RunOutcome> failure;  // the first violating run
};

// `each` sees every run in seed order (the CLI's --json-out rows).
inline SweepSummary sweep(const RunOptions& base, const sim::SweepPlan& plan,
                          const std::function<void(const RunOutcome&)>& each = {}) {
  SweepSummary s;
  sim::sweep_seeds(base, plan, run_once, s, [&](RunOutcome& r) {
    if (each) each(r);
    s.unchecked += r.unchecked;
    if (r.time_to_leader_ms) s.time_to_leader_ms.push_back(*r.time_to_leader_ms);
    if (r.time_to_recover_ms) s.time_to_recover_ms.push_back(*r.time_to_recover_ms);
    if (r.passed) return true;
    ++s.violations;
    s.failure = std::move(r);
    return false;
  });
  return s;
}

inline SweepSummary sweep(const RunOptions& base, std::uint64_t first, std::uint64_t last) {
  return sweep(base, sim::SweepPlan{first, last});
}

}  // namespace gauntlet::raft::simulation
