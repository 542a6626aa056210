// The Raft tie-in's harness: a crash happens, a new leader follows, for
// Raft's own timer and a detector-driven one; the seed's never-reset counter
// starts more needless elections than ours on the same nemesis.
#include <catch2/catch.hpp>

#include "impls/detector/family.hpp"
#include "impls/detector/raft_election.hpp"

using namespace gauntlet::detector;

TEST_CASE("a leader crash is followed by a new leader, with either timer") {
  const ElectionRun own = run_election<NoDetector>(1, 120 * seconds);
  const ElectionRun phi = run_election<PhiNormalDetector>(1, 120 * seconds);
  for (const ElectionRun& r : {own, phi}) {
    REQUIRE(r.pre_crash_time >= 120 * seconds);  // the crash happened, after a first leader
    CHECK(r.recovered);
    CHECK(r.recovery > 0);
  }
}

TEST_CASE("the seed's detector starts needless elections that ours does not") {
  unsigned seed_needless = 0, ours_needless = 0, pauses = 0;
  for (std::uint64_t s = 1; s <= 3; ++s) {
    const ElectionRun a = run_election<SeedDetector>(s, 600 * seconds);
    const ElectionRun b = run_election<FixedTimeoutDetector>(s, 600 * seconds);
    seed_needless += a.needless;
    ours_needless += b.needless;
    pauses += a.pauses;
  }
  REQUIRE(pauses > 0);  // the nemesis paused nodes
  CHECK(seed_needless > 2 * ours_needless + 2);
}
