#pragma once
// What every protocol's seed sweep shares: the loop over FIRST..LAST, the
// counters summed over the runs and the percentiles of the measured waits.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <optional>
#include <thread>
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

// Which seeds a sweep runs, and on how many threads: FIRST..LAST, or its
// shard-th of `shards` disjoint parts (seeds FIRST + shard, + shards, ...), so
// that a CI matrix can split a sweep across machines.
struct SweepPlan {
  std::uint64_t first = 1, last = 100;
  std::uint64_t shard = 0, shards = 1;  // 0-based
  unsigned jobs = 1;

  // The i-th seed of the plan, or nullopt past its end (no wrap at UINT64_MAX).
  std::optional<std::uint64_t> seed(std::uint64_t i) const {
    if (first > last || shard >= shards) return std::nullopt;
    const std::uint64_t span = last - first;
    if (shard > span || i > (span - shard) / shards) return std::nullopt;
    return first + shard + i * shards;
  }
};

// Runs the plan's seeds of `base` with run_once(options), counting each
// outcome into `summary` and visiting it, in seed order, until visit(outcome)
// returns false. With jobs > 1 a batch of seeds runs at once on that many
// threads (each run is deterministic and shares nothing), then the batch is
// counted and visited in seed order: the summary, the visits and where the
// sweep stops are exactly those of jobs = 1; a batch's runs past the stop are
// thrown away.
template <class Options, class RunOnce, class Summary, class Visit>
void sweep_seeds(Options base, const SweepPlan& plan, RunOnce run_once, Summary& summary, Visit visit) {
  using Outcome = decltype(run_once(base));
  const unsigned jobs = std::max(1u, plan.jobs);
  const std::uint64_t batch = jobs == 1 ? 1 : 4ull * jobs;  // enough to keep every thread busy
  for (std::uint64_t at = 0;; at += batch) {
    std::vector<std::optional<Outcome>> outcomes(batch);
    std::atomic<std::uint64_t> next{0};
    auto work = [&] {
      for (std::uint64_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < batch;) {
        const auto seed = plan.seed(at + i);
        if (!seed) continue;
        Options o = base;
        o.seed = *seed;
        outcomes[i] = run_once(o);
      }
    };
    if (jobs == 1) {
      work();
    } else {
      std::vector<std::thread> threads;
      for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(work);
      for (auto& t : threads) t.join();
    }
    for (auto& outcome : outcomes) {
      if (!outcome) return;  // the plan's seeds ran out
      summary.count(*outcome);
      if (!visit(*outcome)) return;
    }
  }
}

// Seeds first..last, serially.
template <class Options, class RunOnce, class Summary, class Visit>
void sweep_seeds(Options base, std::uint64_t first, std::uint64_t last, RunOnce run_once, Summary& summary,
                 Visit visit) {
  sweep_seeds(base, SweepPlan{first, last}, run_once, summary, visit);
}

// The p-quantile (0 <= p <= 1) by nearest rank; 0 for no samples.
inline double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace gauntlet::sim
