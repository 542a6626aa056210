// verify_2pc: every 2PC variant through seeded simulator sweeps (faults drawn
// from each seed: crashes, partitions, message loss), one row per (variant, check).
//
// Correct variants must pass every check on every seed. Each known-bad variant
// must be caught by the check its broken rule threatens (the row says after how
// many seeds); its other checks are reported as they came out. The `blocked`
// row of each variant carries the blocking-time distribution for the report.
//
//   CI depth:   correct variants 60 seeds each; known-bad until caught (at most 500)
//   full depth: 1000 seeds each (known-bad stop once caught)
#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "impls/twopc/family.hpp"
#include "verify/common/verdict.hpp"
#include "verify/twopc/sweep.hpp"

using namespace gauntlet;
using namespace gauntlet::twopc::simulation;

namespace {

nlohmann::json distribution(const std::vector<double>& ms) {
  nlohmann::json d = {{"n", ms.size()},
                      {"p50", sim::percentile(ms, 0.5)},
                      {"p90", sim::percentile(ms, 0.9)},
                      {"p99", sim::percentile(ms, 0.99)},
                      {"max", sim::percentile(ms, 1.0)}};
  // Counts per power-of-two bucket of milliseconds: [0,1), [1,2), [2,4), ...
  std::vector<std::uint64_t> buckets(16, 0);
  for (double v : ms) {
    std::size_t b = 0;
    while (b + 1 < buckets.size() && v >= static_cast<double>(1u << b)) ++b;
    ++buckets[b];
  }
  d["histogram_pow2_ms"] = buckets;
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  gauntlet::verify::Verifier v(std::string(twopc::family_name), argc, argv);
  const std::uint64_t first = 1;
  for (const twopc::Variant& variant : twopc::variants()) {
    if (!v.selected(variant.name)) continue;
    const bool bad = variant.kind == Kind::known_bad;
    const auto& wanted = variant.caught_by;  // a known-bad variant runs until each of these has caught it
    const std::uint64_t seeds = v.full() ? 1000 : (bad ? 500 : 60);
    RunOptions opt;
    opt.variant = &variant;
    SweepSummary s = sweep(opt, first, first + seeds - 1, [&](const SweepSummary& so_far) {
      if (!bad) return false;  // a correct variant runs every seed
      return std::all_of(wanted.begin(), wanted.end(),
                         [&](std::string_view c) { return so_far.first.count(std::string(c)) != 0; });
    });
    for (const char* check : check_names) {
      gauntlet::verify::CheckResult r;
      auto hit = s.first.find(check);
      r.violated = hit != s.first.end();
      r.iterations = r.violated ? hit->second.seed - first + 1 : s.runs;
      r.seed = r.violated ? hit->second.seed : first;
      if (r.violated) {
        for (const auto& violation : hit->second.violations)
          if (violation.check == check) r.message = violation.message;
        r.message = "after " + std::to_string(r.iterations) + " seed(s): " + r.message +
                    " [replay: gauntlet-sim-2pc --variant " + std::string(variant.name) + " --seed " +
                    std::to_string(r.seed) + "]";
        r.details["seeds_to_catch"] = r.iterations;
        r.details["nemesis"] = hit->second.nemesis;
      }
      r.details["runs"] = s.runs;
      if (std::string(check) == "blocked") {
        r.details["blocked_ms"] = distribution(s.blocked_ms);
        r.details["in_doubt_after_heal"] = s.in_doubt_after_heal;
        r.details["crashes"] = s.crashes;
      }
      if (std::string(check) == "linearizability") r.details["checker_gave_up"] = s.lincheck_unknown;
      v.record(variant, check, r);
    }
  }
  return v.finish();
}
