// Unit tests of the detectors: the formulas at known points, and the one line
// that separates the seed's miss counter from ours.
#include <catch2/catch.hpp>
#include <cmath>

#include "impls/detector/family.hpp"
#include "verify/detector/drive.hpp"

using namespace gauntlet::detector;

TEST_CASE("phi of the normal is log10(2) at the mean and grows past it") {
  CHECK(phi_normal(1000, 1000, 100) == Approx(std::log10(2.0)).epsilon(1e-3));
  CHECK(phi_normal(1300, 1000, 100) > 2.5);
  CHECK(phi_normal(1300, 1000, 100) < phi_normal(1400, 1000, 100));
  CHECK(std::isfinite(phi_normal(1e6, 1000, 100)));  // a long silence: large, not infinite
  CHECK(phi_normal(500, 1000, 100) < 0.01);
}

TEST_CASE("the seed keeps its failures after heartbeats resume; ours resets them") {
  // Three 2.5-interval gaps, then heartbeats on time.
  const Trace tr = test::regular_trace(40, {5, 15, 25}, 3 * heartbeat_interval / 2);
  SeedDetector seed(3);
  FixedTimeoutDetector ours(3);
  bool seed_dead = false, ours_suspected = false;
  const micros probe = tr.arrivals[35].time + tick_period / 2;
  test::drive(seed, tr, probe, [&](micros) { return true; });
  test::drive(ours, tr, probe, [&](micros t) {
    ours_suspected = ours_suspected || ours.suspect(0, t);
    return true;
  });
  seed_dead = seed.suspect(0, probe);
  CHECK(seed.suspicion(0, probe) >= 3);
  CHECK(seed_dead);
  CHECK_FALSE(ours_suspected);
  CHECK(ours.suspicion(0, probe) == 0);
}

TEST_CASE("Chen suspects from the expected arrival plus alpha on") {
  ChenDetector d(500);
  for (int i = 0; i < 10; ++i) d.heartbeat(0, i * heartbeat_interval);
  const micros last = 9 * heartbeat_interval;
  CHECK_FALSE(d.suspect(0, last + heartbeat_interval + 400 * ms));
  CHECK(d.suspect(0, last + heartbeat_interval + 600 * ms));
}

TEST_CASE("the local-health variant raises its score on its own stall and lowers it after 10 s") {
  PhiLifeguardDetector d(8);
  micros t = 0;
  for (; t < 5 * seconds; t += tick_period) d.tick(t + tick_period);
  CHECK(d.local_health() == 0);
  t += 2 * seconds;  // a stall
  d.tick(t);
  CHECK(d.local_health() == 1);
  for (micros end = t + PhiLifeguardDetector::decay_period; t < end;) d.tick(t += tick_period);
  CHECK(d.local_health() == 0);
}

TEST_CASE("phi-exponential's phi is t / mean / ln 10") {
  PhiExponentialDetector d(8);
  for (int i = 0; i <= 1000; ++i) d.heartbeat(0, i * heartbeat_interval);
  // The window holds the 2 s first sample and 1000 intervals of 1 s: after
  // 1001 samples the first is gone, the mean is 1 s.
  d.heartbeat(0, 1001 * heartbeat_interval);
  CHECK(d.suspicion(0, 1001 * heartbeat_interval + 2 * seconds) == Approx(2.0 / std::log(10.0)));
}

TEST_CASE("the miss counter's ticker drops the checks an observer stall missed, as a Go ticker does") {
  FixedTimeoutDetector d(3);
  d.heartbeat(0, 0);
  d.tick(100 * ms);  // arms the ticker: checks at 1.1 s, 2.1 s, ...
  d.tick(1100 * ms);
  CHECK(d.suspicion(0, 1100 * ms) == 1);
  d.tick(7100 * ms);  // a 6 s stall: one check, not six
  CHECK(d.suspicion(0, 7100 * ms) == 2);
  d.tick(7200 * ms);  // the phase is kept: nothing until 8.1 s
  CHECK(d.suspicion(0, 7200 * ms) == 2);
  d.tick(8100 * ms);
  CHECK(d.suspicion(0, 8100 * ms) == 3);
  CHECK(d.suspect(0, 8100 * ms));
}
