// The text format: the exact rendering of our registries, escaping, and
// that promtool (Debian `prometheus`) has teeth. promtool on every
// implementation's scrape is in test_metrics_family.cpp.
#include <catch2/catch.hpp>

#include "impls/metrics/family.hpp"
#include "verify/metrics/checks.hpp"
#include "verify/metrics/promtool.hpp"

namespace gauntlet::metrics {
namespace {

TEST_CASE("escaping of label values and HELP", "[metrics][format]") {
  std::string out;
  append_escaped(out, "a\\b\"c\nd", /*quote=*/true);
  CHECK(out == "a\\\\b\\\"c\\nd");
  out.clear();
  append_escaped(out, "a\\b\"c\nd", /*quote=*/false);
  CHECK(out == "a\\\\b\"c\\nd");
  out.clear();
  append_double(out, 1.0 / 0.0);
  append_double(out, -1.0 / 0.0);
  append_double(out, 0.25);
  CHECK(out == "+Inf-Inf0.25");
}

TEST_CASE("our rendering, byte for byte", "[metrics][format]") {
  const std::string want =
      "# HELP http_requests_total Requests, C:\\\\path\\nsecond line.\n"
      "# TYPE http_requests_total counter\n"
      "http_requests_total{code=\"200\",path=\"/a\\\"quoted\\\"\"} 3\n"
      "http_requests_total{code=\"404\",path=\"C:\\\\dir\\\\file\"} 1\n"
      "http_requests_total{code=\"500\",path=\"line1\\nline2\"} 2\n"
      "http_requests_total{code=\"200\",path=\"/café/日本語\"} 7\n"
      "# HELP temperature_celsius Temperature.\n"
      "# TYPE temperature_celsius gauge\n"
      "temperature_celsius 21.25\n"
      "# HELP request_seconds Request time.\n"
      "# TYPE request_seconds histogram\n"
      "request_seconds_bucket{route=\"/ü\",le=\"0.005\"} 1\n"
      "request_seconds_bucket{route=\"/ü\",le=\"0.1\"} 3\n"
      "request_seconds_bucket{route=\"/ü\",le=\"1\"} 3\n"
      "request_seconds_bucket{route=\"/ü\",le=\"+Inf\"} 4\n"
      "request_seconds_sum{route=\"/ü\"} 3.151\n"
      "request_seconds_count{route=\"/ü\"} 4\n";
  CHECK(test::fixture_scrape<AtomicSeriesRegistry>(true) == want);
  CHECK(test::fixture_scrape<PerThreadRegistry>(true) == want);
  CHECK(test::fixture_scrape<ShardedRegistry>(true) == want);
}

TEST_CASE("the reader unescapes what the writer escaped", "[metrics][format]") {
  auto all = test::parse(test::fixture_scrape<AtomicSeriesRegistry>(false));
  test::Found f;
  CHECK(test::expect_sample(f, test::fixture_scrape<AtomicSeriesRegistry>(false), "http_requests_total",
                            {{"path", "line1\nline2"}, {"code", "500"}}, 2));
  CHECK(test::parse_line("x{a=\"unterminated} 1").bad);
  CHECK(test::parse_line("x 1.5").value == 1.5);
  CHECK(test::parse_line("x one").bad);
}

TEST_CASE("promtool rejects a broken scrape (the check has teeth)", "[metrics][format][promtool]") {
  auto r = test::promtool_check("# TYPE x counter\nx{a=\"b} 1\n");
  CHECK_FALSE(r.ok);
  CHECK_FALSE(r.output.empty());
}

}  // namespace
}  // namespace gauntlet::metrics
