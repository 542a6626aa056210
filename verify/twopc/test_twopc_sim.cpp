// The 2PC cores inside the simulator: a scripted coordinator crash between two
// Commits, and seeded runs that replay exactly.
#include <catch2/catch.hpp>

#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "verify/twopc/cluster.hpp"
#include "verify/twopc/ledger.hpp"
#include "verify/twopc/run.hpp"

using namespace gauntlet;
using namespace gauntlet::twopc;
using namespace gauntlet::twopc::simulation;

namespace {

struct CrashBetweenCommits {
  bool atomic = false;
  std::vector<TxnId> in_doubt;  // at participant 1, after recovery had its chance
};

// One transfer from participant 0 to participant 1. As soon as participant 0
// has applied the commit, the coordinator crashes, and participant 1 with it (so
// a Commit already on its way to 1 is lost too); both restart 200ms later. The
// seed's coordinator had not even sent the second Commit: it waits for each ack.
CrashBetweenCommits crash_between_commits(std::string_view variant) {
  sim::Rng rng(7);
  sim::EventQueue events;
  sim::Trace trace;
  Ledger ledger;
  ClusterOptions opt;
  opt.base = find_variant(variant)->config();
  opt.participants = 2;
  opt.clients = 1;
  const NodeId coordinator = opt.participants;
  Cluster* cluster_ptr = nullptr;
  bool crashed = false;
  Cluster cluster(
      events, rng, trace, opt,
      [&](NodeId p, const Effect& e) {
        ledger.record(events.now(), p, e);
        if (e.type == EffectType::committed && p == 0 && !crashed) {
          crashed = true;
          events.after(0, [&] {
            cluster_ptr->crash(coordinator);
            cluster_ptr->crash(1);
          });
          events.after(200 * sim::ms, [&] {
            cluster_ptr->restart(coordinator);
            cluster_ptr->restart(1);
          });
        }
      },
      [](int, const Message&) {});
  cluster_ptr = &cluster;
  Message begin = make_message(MsgType::begin, coordinator, 1);
  begin.pieces = {{0, {{0, -1}}, false}, {1, {{1, +1}}, false}};
  cluster.send_from_client(cluster.client_endpoint(0), begin);
  events.run_until(3 * sim::sec);
  REQUIRE(crashed);
  return {ledger.atomicity(1, {0, 1}).empty(), cluster.participant(1)->in_doubt()};
}

// One transfer; the coordinator (the Raft leader, when replicated) crashes as
// soon as participant 0 has voted yes, and stays down for 2s. Returns when
// participant 0 learned the outcome (virtual time), and the crash time.
std::pair<sim::Time, sim::Time> coordinator_down_for_2s(std::string_view variant) {
  sim::Rng rng(3);
  sim::EventQueue events;
  sim::Trace trace;
  Ledger ledger;
  ClusterOptions opt;
  opt.base = find_variant(variant)->config();
  opt.participants = 2;
  opt.clients = 1;
  Cluster* cluster_ptr = nullptr;
  sim::Time crashed_at = 0;
  Cluster cluster(
      events, rng, trace, opt,
      [&](NodeId p, const Effect& e) {
        ledger.record(events.now(), p, e);
        if (e.type == EffectType::voted_yes && p == 0 && crashed_at == 0) {
          crashed_at = events.now();
          int victim = *cluster_ptr->leader();
          events.after(0, [&, victim] { cluster_ptr->crash(victim); });
          events.after(2 * sim::sec, [&, victim] { cluster_ptr->restart(victim); });
        }
      },
      [](int, const Message&) {});
  cluster_ptr = &cluster;
  events.run_until(1 * sim::sec, [&] { return cluster.leader().has_value(); });  // Raft elects first
  REQUIRE(cluster.leader());
  Message begin = make_message(MsgType::begin, *cluster.leader(), 1);
  begin.pieces = {{0, {{0, -1}}, false}, {1, {{1, +1}}, false}};
  cluster.send_from_client(cluster.client_endpoint(0), begin);
  events.run_until(6 * sim::sec);
  const Ledger::Status* s = ledger.find(1, 0);
  REQUIRE(s);
  REQUIRE((s->committed || s->aborted));
  return {s->resolved_at, crashed_at};
}

}  // namespace

TEST_CASE("a coordinator crash blocks presumed abort until it restarts, not the replicated coordinator", "[2pc][sim]") {
  auto [resolved, crashed] = coordinator_down_for_2s("presumed-abort");
  REQUIRE(resolved >= crashed + 2 * sim::sec);
  std::tie(resolved, crashed) = coordinator_down_for_2s("replicated-coordinator");
  REQUIRE(resolved < crashed + 2 * sim::sec);  // a new leader decided meanwhile
}

TEST_CASE("the seed: a coordinator crash between two Commits breaks atomicity and blocks", "[2pc][sim]") {
  auto r = crash_between_commits("seed");
  REQUIRE(!r.atomic);
  REQUIRE(r.in_doubt == std::vector<TxnId>{1});
}

TEST_CASE("presumed abort: the recovered coordinator redoes phase two from its log", "[2pc][sim]") {
  auto r = crash_between_commits("presumed-abort");
  REQUIRE(r.atomic);
  REQUIRE(r.in_doubt.empty());
}

TEST_CASE("a seed replays the same run", "[2pc][sim]") {
  RunOptions opt;
  opt.variant = find_variant("cooperative-termination");
  opt.seed = 11;
  RunOutcome a = run_once(opt), b = run_once(opt);
  REQUIRE(a.events == b.events);
  REQUIRE(a.ops == b.ops);
  REQUIRE(a.faults == b.faults);
  REQUIRE(a.blocked_ms == b.blocked_ms);
  opt.seed = 12;
  REQUIRE(run_once(opt).events != a.events);
}

TEST_CASE("correct variants pass a few seeds with crashes and partitions", "[2pc][sim]") {
  std::string error;
  auto spec = sim::NemesisSpec::parse("crash,halves,leader", error);
  REQUIRE(spec);
  for (const char* name : {"presumed-abort", "cooperative-termination", "replicated-coordinator"}) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      RunOptions opt;
      opt.variant = find_variant(name);
      opt.seed = seed;
      opt.nemesis = spec;
      RunOutcome r = run_once(opt);
      INFO(name << " seed " << seed << ": " << (r.passed() ? "" : r.violations[0].message));
      REQUIRE(r.passed());
      REQUIRE(r.ops > 0);
      REQUIRE(r.faults > 0);
    }
  }
}

TEST_CASE("decision-final: a participant's decision that changes is a violation", "[2pc-sim]") {
  Ledger ledger;
  ledger.record(1, 0, Effect{EffectType::voted_yes, 7, false});
  ledger.record(2, 0, Effect{EffectType::committed, 7, true});
  ledger.record(3, 0, Effect{EffectType::committed, 7, true});  // a repeated Commit is the same decision
  CHECK(ledger.decision_flip().empty());
  ledger.record(4, 0, Effect{EffectType::aborted, 7, false});
  CHECK(ledger.decision_flip().find("aborted transaction") != std::string::npos);
}
