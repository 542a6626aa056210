// verify_lincheck: rows for the report's verification matrix about the
// checker itself. The reference histories must get their README verdicts;
// the search must agree with the brute force on random histories; and
// deliberately wrong models (a lax cas, a kv lookahead blind to puts, a
// reentrant mutex, snapshot reads in a transaction, a smallest-first queue) must be
// caught by that comparison.
#include <chrono>
#include <cstdio>
#include <random>

#include "verify/common/seed.hpp"
#include "verify/common/verdict.hpp"
#include "verify/lincheck/tests/differential.hpp"
#include "verify/lincheck/tests/known_bad_models.hpp"
#include "verify/lincheck/tests/shared_histories.hpp"

using namespace gauntlet;
using namespace gauntlet::lincheck;
using namespace gauntlet::lincheck::testing;

namespace {

void shared_rows(verify::Verifier& v) {
  auto dir = shared_histories_dir();
  if (!std::filesystem::exists(dir / "README.md")) {
    std::printf("[lincheck] shared-histories skipped: no reference histories at %s\n", dir.string().c_str());
    return;
  }
  for (const auto& h : shared_histories()) {
    std::string name = std::filesystem::path(h.path).stem().string();
    if (!v.selected(name)) continue;
    auto r = check_shared(h, read_text(dir / h.path));
    bool expected = r.verdict == (h.linearizable ? Verdict::linearizable : Verdict::not_linearizable);
    verify::CheckResult c;
    c.violated = !expected;
    c.iterations = r.states_explored;
    if (!expected)
      c.message = "README says " + std::string(h.linearizable ? "linearizable" : "not linearizable") +
                  ", checker says " + std::string(to_string(r.verdict));
    c.details = {{"verdict", std::string(to_string(r.verdict))},
                 {"millis", std::chrono::duration<double, std::milli>(r.elapsed).count()},
                 {"peak_memory_bytes", r.peak_memory_bytes}};
    v.record(name, Kind::ours, "shared-histories", c, false);
  }
}

template <class... Ms>
verify::CheckResult differential_row(std::uint64_t seed, int per_model) {
  auto stats = differential_all<Ms...>(seed, per_model, 8);
  verify::CheckResult c;
  c.violated = stats.disagreements > 0;
  c.iterations = stats.histories;
  c.seed = seed;
  c.message = stats.first_disagreement;
  c.details = {{"linearizable", stats.linearizable},
               {"with_indeterminate", stats.with_indeterminate},
               {"disagreements", stats.disagreements},
               {"lookahead_pruned", stats.pruned}};
  return c;
}

// A deliberately wrong model checked against the brute force on M's histories.
template <class M, class Wrong>
verify::CheckResult caught_row(std::uint64_t seed, int per_model) {
  DifferentialStats stats;
  Rng rng(seed);
  differential<M, Wrong>(rng, per_model, 8, stats);
  verify::CheckResult c;
  c.violated = stats.disagreements > 0;
  c.iterations = stats.histories;
  c.seed = seed;
  c.message = stats.first_disagreement;
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  verify::Verifier v("lincheck", argc, argv);
  shared_rows(v);

  const std::uint64_t seed = gauntlet::verify::announce_seed("verify_lincheck");
  int per_model = v.full() ? 50000 : 2000;
  if (v.selected("search"))
    v.record(
        "search", Kind::ours, "brute-force-agreement",
        differential_row<models::Register, models::CasRegister, models::Queue, models::Set, models::Counter, models::Kv,
                         KvAppends, models::Bank, models::Mutex, models::MultiRegister, models::UnorderedQueue>(
            seed, per_model),
        false);
  if (v.selected("lax-cas-register"))
    v.record("lax-cas-register", Kind::known_bad, "brute-force-agreement",
             caught_row<models::CasRegister, LaxCasRegister>(seed, per_model), /*must_catch=*/true);
  // The put-blind lookahead errs in about 1 kv history of 200: five times the
  // budget makes a run that misses it (about e^-50) practically impossible.
  if (v.selected("put-blind-kv"))
    v.record("put-blind-kv", Kind::known_bad, "brute-force-agreement",
             caught_row<models::Kv, PutBlindKv>(seed, 5 * per_model), /*must_catch=*/true);
  if (v.selected("reentrant-mutex"))
    v.record("reentrant-mutex", Kind::known_bad, "brute-force-agreement",
             caught_row<models::Mutex, ReentrantMutex>(seed, per_model), /*must_catch=*/true);
  if (v.selected("snapshot-read-multi-register"))
    v.record("snapshot-read-multi-register", Kind::known_bad, "brute-force-agreement",
             caught_row<models::MultiRegister, SnapshotReadMultiRegister>(seed, per_model), /*must_catch=*/true);
  if (v.selected("smallest-first-queue"))
    v.record("smallest-first-queue", Kind::known_bad, "brute-force-agreement",
             caught_row<models::UnorderedQueue, SmallestFirstQueue>(seed, per_model), /*must_catch=*/true);
  return v.finish();
}
