// Tests of the trace generator and the quality-of-service measurement.
#include <catch2/catch.hpp>

#include "impls/detector/family.hpp"
#include "impls/detector/sweep.hpp"
#include "verify/common/seed.hpp"
#include "verify/detector/drive.hpp"

using namespace gauntlet::detector;

TEST_CASE("a seeded trace replays exactly and has its ingredients") {
  const std::uint64_t seed = gauntlet::verify::announce_seed("test_sweep traces");
  TraceSpec spec = mixed_spec(seed, 1000);
  spec.stall_every = 60 * seconds;
  const Trace a = make_trace(spec), b = make_trace(spec);
  REQUIRE(a.arrivals.size() == b.arrivals.size());
  for (std::size_t i = 0; i < a.arrivals.size(); ++i) REQUIRE(a.arrivals[i].time == b.arrivals[i].time);
  CHECK(a.arrivals.size() == std::size_t{spec.nodes} * spec.intervals);
  CHECK(a.gc_pauses > 0);
  CHECK(a.spikes > 0);
  CHECK(!a.stalls.empty());
  for (std::size_t i = 1; i < a.arrivals.size(); ++i) REQUIRE(a.arrivals[i - 1].time <= a.arrivals[i].time);
  for (node_id n = 0; n < spec.nodes; ++n) CHECK(a.crash[n] < a.end);
}

TEST_CASE("a crafted gap is one mistake and a crash gives its detection time") {
  // One heartbeat 5 intervals late: fixed-k with K = 2 suspects once, then trusts again.
  const Trace tr = test::regular_trace(100, {50}, 5 * heartbeat_interval);
  const QualityPoint p = measure_at<FixedTimeoutDetector>(2, tr);
  CHECK(p.mistakes == 1);
  CHECK(p.query_accuracy < 1.0);
  CHECK(p.undetected == 0);
  // Checks once a second from the first tick; silence over 1 s twice: 2 to 3 s after the crash.
  CHECK(p.td_median_ms >= 1000);
  CHECK(p.td_median_ms <= 3000);
}

TEST_CASE("a detector that never suspects is undetected for the whole window") {
  const Trace tr = test::regular_trace(20);
  const QualityPoint p = measure_at<ChenDetector>(1e9, tr);
  CHECK(p.undetected == 1);
  CHECK(p.td_median_ms == Approx(static_cast<double>(tr.end - tr.crash[0]) / ms));
}

TEST_CASE("observer stalls are counted and their backlog is delivered after the check") {
  Trace tr = test::regular_trace(100);
  tr.stalls.push_back({30 * seconds, 35 * seconds});
  const QualityPoint plain = measure_at<PhiNormalDetector>(8, tr);
  const QualityPoint guarded = measure_at<PhiLifeguardDetector>(8, tr);
  CHECK(plain.stall_ticks == 49);
  CHECK(plain.mistakes == 1);
  CHECK(guarded.mistakes == 0);
}
