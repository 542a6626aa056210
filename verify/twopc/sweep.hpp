#pragma once
// A sweep: runs seeds FIRST..LAST of one variant and sums up what happened;
// the CLI stops at the first violation, the verifier keeps going to learn
// which checks fail and at which seed first.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "verify/sim/sweep.hpp"
#include "verify/twopc/run.hpp"

namespace gauntlet::twopc::simulation {

struct SweepSummary : sim::SweepCounts {
  std::uint64_t crashes = 0, in_doubt_after_heal = 0, lincheck_unknown = 0;
  std::vector<double> blocked_ms;           // every yes vote's wait for its decision
  std::optional<RunOutcome> failure;        // the first violating run
  std::map<std::string, RunOutcome> first;  // check -> the first run that violated it
};

// Stops after the first violating run, or, with `enough`, as soon as enough(summary) holds.
// `each` sees every run in seed order (the CLI's --json-out rows).
inline SweepSummary sweep(const RunOptions& base, const sim::SweepPlan& plan,
                          const std::function<bool(const SweepSummary&)>& enough = {},
                          const std::function<void(const RunOutcome&)>& each = {}) {
  SweepSummary s;
  sim::sweep_seeds(base, plan, run_once, s, [&](RunOutcome& r) {
    if (each) each(r);
    s.crashes += r.crashes;
    s.in_doubt_after_heal += r.in_doubt_after_heal;
    s.lincheck_unknown += r.lincheck_unknown;
    s.blocked_ms.insert(s.blocked_ms.end(), r.blocked_ms.begin(), r.blocked_ms.end());
    for (const auto& v : r.violations)
      if (!s.first.count(v.check)) s.first.emplace(v.check, r);
    if (!r.passed()) {
      ++s.violations;
      if (!s.failure) s.failure = std::move(r);
      if (!enough) return false;
    }
    return !(enough && enough(s));
  });
  return s;
}

inline SweepSummary sweep(const RunOptions& base, std::uint64_t first, std::uint64_t last,
                          const std::function<bool(const SweepSummary&)>& enough = {}) {
  return sweep(base, sim::SweepPlan{first, last}, enough);
}

}  // namespace gauntlet::twopc::simulation
