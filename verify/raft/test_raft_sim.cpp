// Tests of the simulated cluster: runs replay from their seed, correct
// variants pass, every known-bad variant is caught, journals replay.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "verify/common/seed.hpp"
#include "verify/raft/sweep.hpp"

using namespace gauntlet;
using namespace gauntlet::raft;
using namespace gauntlet::raft::simulation;

namespace {
RunOptions options(const char* variant, std::uint64_t seed = 1) {
  RunOptions o;
  o.variant = find_variant(variant);
  o.seed = seed;
  o.seed = gauntlet::verify::seed_from_env().value_or(seed);
  return o;
}
}  // namespace

TEST_CASE("a seed replays the same run", "[raft-sim]") {
  RunOptions o = options("batched", 7);
  INFO("seed " << o.seed);
  RunOutcome a = run_once(o), b = run_once(o);
  REQUIRE(a.events == b.events);
  REQUIRE(a.messages == b.messages);
  REQUIRE(a.faults == b.faults);
  REQUIRE(a.nemesis == b.nemesis);
  REQUIRE(a.time_to_recover_ms == b.time_to_recover_ms);
}

TEST_CASE("basic and batched pass a few seeds with every fault", "[raft-sim]") {
  std::string err;
  for (const char* v : {"basic", "batched"}) {
    RunOptions o = options(v);
    o.nemesis = *sim::NemesisSpec::parse("all,every=100", err);
    SweepSummary s = sweep(o, 1, 5);
    INFO(v << (s.failure ? " seed " + std::to_string(s.failure->seed) + ": " + s.failure->message : ""));
    REQUIRE(s.violations == 0);
    REQUIRE(s.faults > 0);
    REQUIRE(s.ops == 5 * 5 * 400);
    REQUIRE(s.time_to_recover_ms.size() == 5);  // liveness: each run committed again after the heal
  }
}

TEST_CASE("known-bad variants are caught, with the seed and the violated check", "[raft-sim]") {
  // The quick ones; verify_raft sweeps them all.
  for (const char* v : {"keep-conflicts", "apply-uncommitted", "vote-any-log"}) {
    SweepSummary s = sweep(options(v), 1, 200);
    INFO(v);
    REQUIRE(s.failure);
    REQUIRE_FALSE(s.failure->check.empty());
    REQUIRE_FALSE(s.failure->trace.empty());
    RunOutcome again = run_once(options(v, s.failure->seed));  // the seed replays the violation
    REQUIRE(again.check == s.failure->check);
    REQUIRE(again.message == s.failure->message);
  }
}

TEST_CASE("the journal replays: later appends replace the suffix, snapshots drop the prefix", "[raft-sim]") {
  auto entries = [](Index from, std::vector<Term> terms) {
    Record r{Record::Kind::entries, {}, from, {}, nullptr};
    for (std::size_t i = 0; i < terms.size(); ++i) r.entries.push_back({terms[i], from + i, "x"});
    return r;
  };
  std::vector<Record> j;
  j.push_back({Record::Kind::hard_state, {2, 1}, 0, {}, nullptr});
  j.push_back(entries(1, {1, 1, 1}));
  j.push_back(entries(2, {2}));
  Durable d = replay(j);
  REQUIRE(d.hard_state.vote == 1);
  REQUIRE(d.entries.size() == 2);
  REQUIRE(d.entries[1].term == 2);
  j.push_back({Record::Kind::snapshot, {}, 0, {}, std::make_shared<const Snapshot>(Snapshot{1, 1, "s"})});
  d = replay(j);
  REQUIRE(d.snapshot.index == 1);
  REQUIRE(d.entries.size() == 1);
  REQUIRE(d.entries[0].index == 2);
}

TEST_CASE("monotonic state: a term or commit index that goes back within an incarnation is a violation", "[raft-sim]") {
  Invariants inv;
  REQUIRE_FALSE(inv.on_progress(0, 0, 2, 5));
  REQUIRE_FALSE(inv.on_progress(0, 0, 3, 5));
  CHECK(inv.on_progress(0, 0, 3, 4).check == "monotonic state");  // commit 5 -> 4
  REQUIRE_FALSE(inv.on_progress(1, 0, 3, 4));
  CHECK(inv.on_progress(1, 0, 2, 4).check == "monotonic state");  // term 3 -> 2
  // Across a crash the term may go back to what was synced, and commit restarts.
  CHECK_FALSE(inv.on_progress(1, 1, 2, 0));
  CHECK_FALSE(Invariants::on_apply_order(0, 4, 5));
  CHECK(Invariants::on_apply_order(0, 4, 4).check == "monotonic state");  // applied twice
  CHECK(Invariants::on_apply_order(0, 4, 6).check == "monotonic state");  // a gap
}
