#pragma once
// A sweep: runs seeds FIRST..LAST of one variant, stopping at the first
// violation, and sums up what happened (the CLI, the verifier and the
// benchmark all use it).
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "raft/run.hpp"

namespace gauntlet::raft::verify {

struct SweepSummary {
  std::uint64_t runs = 0, faults = 0, ops = 0, indeterminate = 0, events = 0, violations = 0, unchecked = 0;
  std::vector<double> time_to_leader_ms, time_to_recover_ms;
  std::optional<RunOutcome> failure;  // the first violating run

  static double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
  }
};

inline SweepSummary sweep(RunOptions base, std::uint64_t first, std::uint64_t last) {
  SweepSummary s;
  for (std::uint64_t seed = first; seed <= last; ++seed) {
    base.seed = seed;
    RunOutcome r = run_once(base);
    ++s.runs;
    s.faults += r.faults;
    s.ops += r.ops;
    s.indeterminate += r.indeterminate;
    s.events += r.events;
    s.unchecked += r.unchecked;
    if (r.time_to_leader_ms) s.time_to_leader_ms.push_back(*r.time_to_leader_ms);
    if (r.time_to_recover_ms) s.time_to_recover_ms.push_back(*r.time_to_recover_ms);
    if (!r.passed) {
      ++s.violations;
      s.failure = std::move(r);
      break;
    }
    if (seed == last) break;  // LAST may be the largest seed
  }
  return s;
}

}  // namespace gauntlet::raft::verify
