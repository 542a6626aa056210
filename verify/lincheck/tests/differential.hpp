#pragma once
// The differential run shared by the Catch2 test and the verifier: many
// small random histories per model, the search against the brute force.
#include <cstdint>
#include <string>

#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/tests/brute_force.hpp"
#include "verify/lincheck/tests/random_histories.hpp"

namespace gauntlet::lincheck::testing {

struct DifferentialStats {
  std::uint64_t histories = 0, linearizable = 0, with_indeterminate = 0, disagreements = 0;
  std::uint64_t pruned = 0;        // histories where the model's lookahead ruled a configuration out
  std::string first_disagreement;  // model, history number and both verdicts
};

// Histories of model M; the search checks them against `Checked` (M itself,
// or a deliberately wrong variant of it, which the comparison must catch).
template <class M, class Checked = M>
void differential(Rng& rng, int count, int max_ops, DifferentialStats& stats, int max_clients = 4,
                  int crash_one_in = 7) {
  M model = test_model<M>();
  Checked checked = test_model<Checked>();
  for (int k = 0; k < count; ++k) {
    auto ops = random_history(rng, model, max_ops, max_clients, crash_one_in);
    bool expected = BruteForce<M>(model, ops).linearizable();
    CheckOptions options;
    options.threads = 1 + k % 2;  // partitioned models run both inline and on threads
    auto result = check<Checked>(ops, options, checked);
    auto got = result.verdict;
    ++stats.histories;
    stats.pruned += result.lookahead_prunes > 0;
    stats.linearizable += expected;
    for (const auto& op : ops)
      if (op.indeterminate) {
        ++stats.with_indeterminate;
        break;
      }
    if (got != (expected ? Verdict::linearizable : Verdict::not_linearizable)) {
      if (stats.disagreements++ == 0)
        stats.first_disagreement = std::string(M::name) + " history " + std::to_string(k) + ": brute force says " +
                                   (expected ? "linearizable" : "not linearizable") + ", search says " +
                                   std::string(to_string(got));
    }
  }
}

// Every model twice: ordinary histories, and ones crowded with timed-out
// operations (many clients, one in three operations indeterminate).
template <class... Ms>
DifferentialStats differential_all(std::uint64_t seed, int per_model, int max_ops) {
  DifferentialStats stats;
  Rng rng(seed);
  (differential<Ms>(rng, per_model, max_ops, stats), ...);
  (differential<Ms>(rng, per_model / 2, max_ops, stats, 6, 3), ...);
  return stats;
}

}  // namespace gauntlet::lincheck::testing
