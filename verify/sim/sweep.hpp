#pragma once
// What every protocol's seed sweep shares: the loop over FIRST..LAST, the
// counters summed over the runs and the percentiles of the measured waits.
#include <algorithm>
#include <cstdint>
#include <vector>

namespace gauntlet::sim {

// The counters every run outcome carries (faults, ops, indeterminate, events).
struct SweepCounts {
  std::uint64_t runs = 0, faults = 0, ops = 0, indeterminate = 0, events = 0, violations = 0;

  template <class Outcome>
  void count(const Outcome& r) {
    ++runs;
    faults += r.faults;
    ops += r.ops;
    indeterminate += r.indeterminate;
    events += r.events;
  }
};

// Runs seeds first..last of `base` with run_once(options), counting each
// outcome into `summary`, until visit(outcome) returns false.
template <class Options, class RunOnce, class Summary, class Visit>
void sweep_seeds(Options base, std::uint64_t first, std::uint64_t last, RunOnce run_once, Summary& summary,
                 Visit visit) {
  for (std::uint64_t seed = first; seed <= last; ++seed) {
    base.seed = seed;
    auto outcome = run_once(base);
    summary.count(outcome);
    if (!visit(outcome) || seed == last) break;  // LAST may be the largest seed: ++seed would wrap
  }
}

// The p-quantile (0 <= p <= 1) by nearest rank; 0 for no samples.
inline double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace gauntlet::sim
