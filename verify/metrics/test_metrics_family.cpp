// What every registry must do, on real threads and on bad input: series
// identity, exact totals with exited threads, monotone scrapes, histograms,
// the lookups' contract, and a scrape Prometheus's own checker (promtool,
// Debian `prometheus`) accepts. Over the family list, or in an adopt build
// the adopted class alone. Bounded: every loop is finite (checks.hpp); a
// missing promtool fails, naming the package.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "impls/metrics/family.hpp"
#include "verify/common/test_lists.hpp"
#include "verify/metrics/checks.hpp"
#include "verify/metrics/promtool.hpp"

namespace gauntlet::metrics {
namespace {

using Verified = verified_implementations;
using Correct = verify::correct_only<Verified>;

TEMPLATE_LIST_TEST_CASE("each label set is its own series", "[metrics][contract]", Correct) {
  auto f = test::series_identity<TestType>();
  INFO(TestType::name << ": " << f.message);
  CHECK_FALSE(f.violated);
}

TEMPLATE_LIST_TEST_CASE("totals are exact after the threads exit; scrapes never go back", "[metrics][stress]",
                        Verified) {
  auto s = test::stress_totals<TestType>(2, 3, 20000);
  INFO(TestType::name << ": " << s.exact.message << s.monotone.message);
  if constexpr (TestType::kind == Kind::known_bad) {
    CHECK(s.exact.violated);  // the seed's own-series counts land in one series
  } else {
    CHECK_FALSE(s.exact.violated);
    CHECK_FALSE(s.monotone.violated);
  }
}

TEMPLATE_LIST_TEST_CASE("histogram buckets, count and sum are exact", "[metrics][stress]", Verified) {
  auto f = test::histogram_exact<TestType>(3, 5000);
  INFO(TestType::name << ": " << f.message);
  CHECK_FALSE(f.violated);
}

TEMPLATE_LIST_TEST_CASE("bad names, reserved labels and bad bounds are refused", "[metrics][contract]", Verified) {
  TestType r;
  CHECK_THROWS_AS(r.counter("9starts_with_digit", "h", {}), std::invalid_argument);
  CHECK_THROWS_AS(r.counter("ok_total", "h", {{"bad-label", "x"}}), std::invalid_argument);
  CHECK_THROWS_AS(r.histogram("lat", "h", {}, {2, 1}), std::invalid_argument);
  if constexpr (TestType::kind != Kind::peer) {
    CHECK_THROWS_AS(r.counter("ok_total", "h", {{"__reserved", "x"}}), std::invalid_argument);
    CHECK_THROWS_AS(r.histogram("lat2", "h", {{"le", "1"}}, {1}), std::invalid_argument);
    r.counter("kind_total", "h", {});
    CHECK_THROWS_AS(r.gauge("kind_total", "h", {}), std::invalid_argument);
  }
}

TEMPLATE_LIST_TEST_CASE("the same name and labels in any order are one series", "[metrics][contract]", Correct) {
  TestType r;
  r.counter("x_total", "h", {{"a", "1"}, {"b", "2"}}).add(2);
  r.counter("x_total", "h", {{"b", "2"}, {"a", "1"}}).inc();
  test::Found f;
  CHECK(test::expect_sample(f, r.scrape(), "x_total", {{"a", "1"}, {"b", "2"}}, 3));
  INFO(f.message);
}

TEMPLATE_LIST_TEST_CASE("promtool check metrics accepts every scrape", "[metrics][format][promtool]", Verified) {
  auto r = test::promtool_check(test::fixture_scrape<TestType>(false));
  INFO(TestType::name << ": " << r.output);
  CHECK(r.ok);
}

TEMPLATE_LIST_TEST_CASE("promtool accepts HELP with a backslash and a newline", "[metrics][format][promtool]",
                        Verified) {
  auto r = test::promtool_check(test::fixture_scrape<TestType>(true));
  INFO(TestType::name << ": " << r.output);
  if constexpr (TestType::kind == Kind::peer)
    CHECK_FALSE(r.ok);  // prometheus-cpp 1.0.1 writes HELP unescaped (verify_metrics reports it `documented`)
  else
    CHECK(r.ok);
}

}  // namespace
}  // namespace gauntlet::metrics
