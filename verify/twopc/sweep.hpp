#pragma once
// A sweep: runs seeds FIRST..LAST of one variant and sums up what happened;
// the CLI stops at the first violation, the verifier keeps going to learn
// which checks fail and at which seed first.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "twopc/run.hpp"

namespace gauntlet::twopc::verify {

struct SweepSummary {
  std::uint64_t runs = 0, faults = 0, crashes = 0, ops = 0, indeterminate = 0, events = 0, violations = 0;
  std::uint64_t in_doubt_after_heal = 0, lincheck_unknown = 0;
  std::vector<double> blocked_ms;             // every yes vote's wait for its decision
  std::optional<RunOutcome> failure;          // the first violating run
  std::map<std::string, RunOutcome> first;    // check -> the first run that violated it

  static double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
  }
};

// Stops after the first violating run, or, with `enough`, as soon as enough(summary) holds.
inline SweepSummary sweep(RunOptions base, std::uint64_t first, std::uint64_t last,
                          const std::function<bool(const SweepSummary&)>& enough = {}) {
  SweepSummary s;
  for (std::uint64_t seed = first;; ++seed) {
    base.seed = seed;
    RunOutcome r = run_once(base);
    ++s.runs;
    s.faults += r.faults;
    s.crashes += r.crashes;
    s.ops += r.ops;
    s.indeterminate += r.indeterminate;
    s.events += r.events;
    s.in_doubt_after_heal += r.in_doubt_after_heal;
    s.lincheck_unknown += r.lincheck_unknown;
    s.blocked_ms.insert(s.blocked_ms.end(), r.blocked_ms.begin(), r.blocked_ms.end());
    for (const auto& v : r.violations)
      if (!s.first.count(v.check)) s.first.emplace(v.check, r);
    if (!r.passed()) {
      ++s.violations;
      if (!s.failure) s.failure = std::move(r);
      if (!enough) break;
    }
    if (enough && enough(s)) break;
    if (seed == last) break;  // LAST may be the largest seed
  }
  return s;
}

}  // namespace gauntlet::twopc::verify
