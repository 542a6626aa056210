// Verifier of the metrics family on real threads (normal build).
//
//   series-identity      two label sets of one name counted apart, a gauge
//                        beside: each series keeps its value and exactly its
//                        labels. The seed merges them into one series.
//   stress-total-exact   waves of threads (each wave exits before the next)
//                        count a shared series and one of their own through
//                        their own handles: after every thread has finished,
//                        every scraped total equals the increments made.
//   scrape-monotone      a scraper throughout the stress: no counter ever goes
//                        backwards between scrapes, nor past the total.
//   histogram-exact      threads observing known values: buckets (cumulative,
//                        le inclusive), count and sum exact after the joins.
//   lincheck-counter     a recorded history of inc() and scrapes of one
//                        counter, checked by gauntlet::lincheck's counter
//                        model. Its teeth: a row for `stale-scrape`, a model
//                        kept here (not on the family list) whose scrape
//                        returns the previous scrape's text every other call.
//   exposition-promtool  `promtool check metrics` on a scrape whose label
//                        values hold quotes, backslashes, newlines, non-ASCII.
//   help-escaping        the same with a backslash and a newline in HELP.
//                        prometheus-cpp 1.0.1 writes HELP unescaped: its row
//                        is `documented`, not hidden.
//
// Seeds: lincheck-counter's operation mix is seeded (GAUNTLET_SEED replays).
// Depth: --depth ci 3 waves x 4 threads x 100,000 rounds, histories of
// 3 x 300 operations; full 4 x 4 x 500,000 and 3 x 2,000.
#include <cstdint>
#include <mutex>
#include <string>

#include "impls/metrics/family.hpp"
#include "verify/common/seed.hpp"
#include "verify/common/verdict.hpp"
#include "verify/metrics/checks.hpp"
#include "verify/metrics/lin_history.hpp"
#include "verify/metrics/promtool.hpp"

namespace gauntlet::metrics {
namespace {

template <class R>
verify::CheckResult lincheck_counter(unsigned ops, std::uint64_t seed) {
  verify::CheckResult r;
  r.seed = seed;
  auto history = test::record_history<R>(3, ops, seed);
  r.iterations = history.size();
  auto c = lincheck::check<lincheck::models::Counter>(history, {.timeout = std::chrono::seconds(60)});
  if (c.verdict == lincheck::Verdict::not_linearizable) {
    r.violated = true;
    r.message = "the history of inc() and scrapes is not linearizable (counter model)";
  } else if (c.verdict == lincheck::Verdict::unknown) {
    r.violated = true;
    r.message = "the checker gave up: " + c.reason;
  }
  return r;
}

template <class R>
verify::CheckResult promtool_row(bool tricky_help) {
  verify::CheckResult r;
  r.iterations = 1;
  auto t = test::promtool_check(test::fixture_scrape<R>(tricky_help));
  r.violated = !t.ok;
  if (!t.ok) r.message = "promtool check metrics: " + t.output;
  return r;
}

// The lincheck check's known-bad model: every other scrape returns the text
// of the one before, so a scrape can miss an increment completed before it began.
struct StaleScrape : AtomicSeriesRegistry {
  std::string scrape() const {
    std::lock_guard<std::mutex> g(mu);
    if (++calls % 2 == 0 && !last.empty()) return last;
    return last = AtomicSeriesRegistry::scrape();
  }
  mutable std::mutex mu;
  mutable std::string last;
  mutable std::uint64_t calls = 0;
};

}  // namespace
}  // namespace gauntlet::metrics

int main(int argc, char** argv) {
  using namespace gauntlet;
  verify::Verifier v(std::string(metrics::family_name), argc, argv);
  const unsigned waves = v.full() ? 4 : 3;
  const std::uint64_t rounds = v.full() ? 500000 : 100000;
  const unsigned ops = v.full() ? 2000 : 300;
  const std::uint64_t seed = verify::announce_seed("verify_metrics lincheck-counter");
  for_each_type(metrics::verified_implementations{}, [&]<class R>() {
    if (!v.selected(R::name)) return;
    v.record<R>("series-identity", verify::as_result(metrics::test::series_identity<R>()));
    auto s = metrics::test::stress_totals<R>(waves, 4, rounds);
    v.record<R>("stress-total-exact", verify::as_result(s.exact));
    v.record<R>("scrape-monotone", verify::as_result(s.monotone));
    v.record<R>("histogram-exact", verify::as_result(metrics::test::histogram_exact<R>(4, rounds / 4)));
    v.record<R>("lincheck-counter", metrics::lincheck_counter<R>(ops, seed));
    v.record<R>("exposition-promtool", metrics::promtool_row<R>(false));
    v.record<R>("help-escaping", metrics::promtool_row<R>(true), /*not_promised=*/R::kind == Kind::peer);
  });
  if (v.selected("stale-scrape")) {
    v.record("stale-scrape", Kind::known_bad, "lincheck-counter",
             metrics::lincheck_counter<metrics::StaleScrape>(ops, seed),
             /*must_catch=*/true);
  }
  return v.finish_known(metrics::verified_implementations{}, {"stale-scrape"});
}
