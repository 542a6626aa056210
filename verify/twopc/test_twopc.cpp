// Unit tests of the 2PC cores with scripted message sequences: each test feeds
// messages and ticks by hand and checks what the core logs, syncs and sends.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <vector>

#include "impls/twopc/coordinator.hpp"
#include "impls/twopc/family.hpp"
#include "impls/twopc/participant.hpp"
#include "impls/twopc/replicated.hpp"

using namespace gauntlet::twopc;
namespace raft = gauntlet::raft;

namespace {

constexpr NodeId coord_id = 9;
constexpr NodeId client_id = 20;

Config config_of(std::string_view variant, NodeId id) {
  Config c = find_variant(variant)->config();
  c.id = id;
  c.coordinators = {coord_id};
  return c;
}

std::map<Account, Balance> accounts(std::initializer_list<Account> ids, Balance each = 10) {
  std::map<Account, Balance> m;
  for (Account a : ids) m[a] = each;
  return m;
}

Message from(NodeId sender, Message m) {
  m.from = sender;
  return m;
}

Message prepare(TxnId txn, NodeId to, std::vector<Write> writes, std::vector<NodeId> parts = {0, 1}) {
  Message m = from(coord_id, make_message(MsgType::prepare, to, txn));
  m.participants = parts;
  m.writes = writes;
  return m;
}

Message decision(TxnId txn, NodeId to, bool commit) {
  return from(coord_id, make_message(MsgType::decision, to, txn, commit));
}

Message transfer_begin(TxnId txn) {
  Message m = from(client_id, make_message(MsgType::begin, coord_id, txn));
  m.pieces = {{0, {{0, -3}}, false}, {1, {{1, +3}}, false}};
  return m;
}

Message vote(TxnId txn, NodeId sender, bool yes) {
  return from(sender, make_message(MsgType::vote, coord_id, txn, yes));
}

Message query(TxnId txn, NodeId sender, NodeId to) { return from(sender, make_message(MsgType::query, to, txn)); }
Message ack(TxnId txn, NodeId sender) { return from(sender, make_message(MsgType::ack, coord_id, txn)); }

std::size_t count(const std::vector<Message>& ms, MsgType t) {
  return std::count_if(ms.begin(), ms.end(), [&](const Message& m) { return m.type == t; });
}

}  // namespace

TEST_CASE("the family lists every variant, presumed-abort as ours and the seed as known-bad", "[2pc]") {
  auto info = describe_family();
  REQUIRE(info.family == "2pc");
  REQUIRE(info.implementations.size() == 8);
  REQUIRE(find_variant("presumed-abort")->kind == gauntlet::Kind::ours);
  REQUIRE(find_variant("seed")->kind == gauntlet::Kind::known_bad);
  REQUIRE(find_variant("no-such") == nullptr);
}

TEST_CASE("a participant syncs its prepare record before voting yes, then applies the commit", "[2pc]") {
  Participant p(config_of("presumed-abort", 0), accounts({0, 2}));
  p.step(prepare(7, 0, {{0, -3}}));
  auto o = p.take();
  REQUIRE(o.records.size() == 1);
  REQUIRE(o.records[0].type == PartRecordType::prepared);
  REQUIRE(o.sync);
  REQUIRE(o.messages.size() == 1);
  REQUIRE(o.messages[0].type == MsgType::vote);
  REQUIRE(o.messages[0].commit);
  REQUIRE(p.locked(0));
  REQUIRE(p.in_doubt() == std::vector<TxnId>{7});

  p.step(decision(7, 0, true));
  o = p.take();
  REQUIRE(p.balances().at(0) == 7);
  REQUIRE(!p.locked(0));
  REQUIRE(o.records.back().type == PartRecordType::committed);
  REQUIRE(o.sync);  // durable before the ack: after every ack the coordinator forgets
  REQUIRE(count(o.messages, MsgType::ack) == 1);
  REQUIRE(p.in_doubt().empty());
}

TEST_CASE("a participant votes no on a locked key or an overdraft", "[2pc]") {
  Participant p(config_of("presumed-abort", 0), accounts({0, 2}));
  p.step(prepare(1, 0, {{0, -1}}));
  p.take();
  p.step(prepare(2, 0, {{0, -1}}));
  auto o = p.take();
  REQUIRE(o.messages.size() == 1);
  REQUIRE(!o.messages[0].commit);
  REQUIRE(o.records.empty());

  p.step(prepare(3, 0, {{2, -11}}));
  o = p.take();
  REQUIRE(!o.messages[0].commit);
  REQUIRE(!p.locked(2));
}

TEST_CASE("an abort that overtakes its Prepare makes the Prepare vote no", "[2pc]") {
  Participant p(config_of("presumed-abort", 0), accounts({0}));
  p.step(decision(5, 0, false));
  p.step(prepare(5, 0, {{0, -1}}));
  auto o = p.take();
  REQUIRE(o.messages.size() == 1);
  REQUIRE(!o.messages[0].commit);
  REQUIRE(!p.locked(0));
}

TEST_CASE("the vote-before-sync mutant votes yes with the prepare record unsynced", "[2pc]") {
  Config cfg = config_of("vote-before-sync", 0);
  Participant p(cfg, accounts({0}));
  p.step(prepare(1, 0, {{0, -1}}));
  auto o = p.take();
  REQUIRE(o.records.size() == 1);
  REQUIRE(!o.sync);
  REQUIRE(o.messages[0].commit);
  for (int i = 1; i < cfg.lazy_sync_ticks; ++i) p.tick();
  REQUIRE(!p.take().sync);
  p.tick();
  REQUIRE(p.take().sync);  // with the periodic flush
}

TEST_CASE("a recovered participant is in doubt, keeps its locks, and asks the coordinator", "[2pc]") {
  std::vector<PartRecord> log{{PartRecordType::prepared, 4, {0, 1}, {{0, -2}}, false}};
  Participant p(config_of("presumed-abort", 0), accounts({0}), log);
  REQUIRE(p.locked(0));
  REQUIRE(p.in_doubt() == std::vector<TxnId>{4});
  p.tick();
  auto o = p.take();
  REQUIRE(count(o.messages, MsgType::query) == 1);
  REQUIRE(o.messages[0].to == coord_id);

  p.step(from(coord_id, make_message(MsgType::reply, 0, 4, true)));
  REQUIRE(p.balances().at(0) == 8);
  REQUIRE(p.in_doubt().empty());
}

TEST_CASE("replaying a committed transaction applies it once", "[2pc]") {
  std::vector<PartRecord> log{{PartRecordType::prepared, 4, {0, 1}, {{0, -2}}, false},
                              {PartRecordType::committed, 4, {}, {}, false}};
  Participant p(config_of("presumed-abort", 0), accounts({0}), log);
  REQUIRE(p.balances().at(0) == 8);
  REQUIRE(!p.locked(0));
  REQUIRE(p.in_doubt().empty());
}

TEST_CASE("a seed participant in doubt never asks: it blocks", "[2pc]") {
  std::vector<PartRecord> log{{PartRecordType::prepared, 4, {0, 1}, {{0, -2}}, false}};
  Participant p(config_of("seed", 0), accounts({0}), log);
  for (int i = 0; i < 100; ++i) p.tick();
  REQUIRE(p.take().messages.empty());
  REQUIRE(p.in_doubt() == std::vector<TxnId>{4});
}

TEST_CASE("cooperative termination: in doubt, ask the peers; never prepared, abort durably and say so", "[2pc]") {
  Participant a(config_of("cooperative-termination", 0), accounts({0}));
  a.step(prepare(3, 0, {{0, -1}}));
  a.take();
  for (int i = 0; i < 5; ++i) a.tick();
  auto o = a.take();
  REQUIRE(count(o.messages, MsgType::query) == 2);  // the coordinator and participant 1

  Participant b(config_of("cooperative-termination", 1), accounts({1}));
  b.step(query(3, 0, 1));
  o = b.take();
  REQUIRE(o.records.size() == 1);
  REQUIRE(o.records[0].type == PartRecordType::aborted);
  REQUIRE(o.sync);
  REQUIRE(o.messages[0].type == MsgType::reply);
  REQUIRE(!o.messages[0].commit);
  b.step(prepare(3, 1, {{1, +1}}));  // the Prepare arriving late is refused
  REQUIRE(!b.take().messages[0].commit);
}

TEST_CASE("the abort-after-yes mutant gives up on a transaction it voted yes for", "[2pc]") {
  Participant p(config_of("abort-after-yes", 0), accounts({0}));
  p.step(prepare(3, 0, {{0, -1}}));
  p.take();
  for (int i = 0; i < 20; ++i) p.tick();
  REQUIRE(p.in_doubt().empty());
  REQUIRE(!p.locked(0));
}

TEST_CASE("presumed abort: the commit record is forced before any Commit leaves", "[2pc]") {
  Coordinator c(config_of("presumed-abort", coord_id));
  c.step(transfer_begin(1));
  auto o = c.take();
  REQUIRE(count(o.messages, MsgType::prepare) == 2);
  c.step(vote(1, 0, true));
  REQUIRE(c.take().messages.empty());
  c.step(vote(1, 1, true));
  o = c.take();
  REQUIRE(o.records.size() == 1);
  REQUIRE(o.records[0].type == CoordRecordType::commit);
  REQUIRE(o.sync);
  REQUIRE(count(o.messages, MsgType::decision) == 2);
  REQUIRE(count(o.messages, MsgType::result) == 1);

  c.step(ack(1, 0));
  c.step(ack(1, 1));
  o = c.take();
  REQUIRE(o.records.size() == 1);
  REQUIRE(o.records[0].type == CoordRecordType::end);
  REQUIRE(c.active() == 0);
}

TEST_CASE("a late duplicate of a finished transaction's Begin does not run it again", "[2pc]") {
  Coordinator c(config_of("presumed-abort", coord_id));
  c.step(transfer_begin(1));
  c.step(vote(1, 0, true));
  c.step(vote(1, 1, true));
  c.step(ack(1, 0));
  c.step(ack(1, 1));
  c.step(transfer_begin(2));
  c.step(vote(2, 0, false));  // aborted, and forgotten as presumed abort allows
  c.take();
  REQUIRE(c.active() == 0);
  c.step(transfer_begin(1));  // the network duplicated both Begins
  c.step(transfer_begin(2));
  REQUIRE(c.take().messages.empty());
  REQUIRE(c.active() == 0);
}

TEST_CASE("presumed abort: a no vote aborts without a record", "[2pc]") {
  Coordinator c(config_of("presumed-abort", coord_id));
  c.step(transfer_begin(1));
  c.take();
  c.step(vote(1, 0, false));
  auto o = c.take();
  REQUIRE(o.records.empty());
  REQUIRE(count(o.messages, MsgType::decision) == 2);
  REQUIRE(std::none_of(o.messages.begin(), o.messages.end(), [](const Message& m) { return m.commit; }));
}

TEST_CASE("presumed abort: missing votes time out into an abort", "[2pc]") {
  Config cfg = config_of("presumed-abort", coord_id);
  Coordinator c(cfg);
  c.step(transfer_begin(1));
  c.take();
  for (int i = 0; i < cfg.vote_timeout_ticks; ++i) c.tick();
  auto o = c.take();
  REQUIRE(count(o.messages, MsgType::decision) == 2);
  REQUIRE(count(o.messages, MsgType::result) == 1);
  REQUIRE(c.active() == 0);
}

TEST_CASE("a recovered coordinator redoes phase two and presumes abort for what it does not know", "[2pc]") {
  std::vector<CoordRecord> log{
      {CoordRecordType::commit, 1, {0, 1}}, {CoordRecordType::commit, 2, {0, 1}}, {CoordRecordType::end, 2, {}}};
  Coordinator c(config_of("presumed-abort", coord_id), log, true);
  c.tick();
  auto o = c.take();
  REQUIRE(count(o.messages, MsgType::decision) == 2);
  REQUIRE(std::all_of(o.messages.begin(), o.messages.end(), [](const Message& m) { return m.commit && m.txn == 1; }));

  c.step(query(1, 0, coord_id));
  c.step(query(77, 0, coord_id));
  o = c.take();
  REQUIRE(o.messages.size() == 2);
  REQUIRE(o.messages[0].commit);
  REQUIRE(!o.messages[1].commit);

  Coordinator bad(config_of("presume-commit", coord_id), {}, true);
  bad.step(query(77, 0, coord_id));
  REQUIRE(bad.take().messages[0].commit);
}

TEST_CASE("the commit-before-sync mutant sends Commit with the decision unsynced", "[2pc]") {
  Coordinator c(config_of("commit-before-sync", coord_id));
  c.step(transfer_begin(1));
  c.step(vote(1, 0, true));
  c.step(vote(1, 1, true));
  auto o = c.take();
  REQUIRE(o.records.size() == 1);
  REQUIRE(!o.sync);
  REQUIRE(count(o.messages, MsgType::decision) == 2);
}

TEST_CASE("the seed logs nothing, commits one participant at a time, and forgets on restart", "[2pc]") {
  Coordinator c(config_of("seed", coord_id));
  c.step(transfer_begin(1));
  c.step(vote(1, 0, true));
  c.step(vote(1, 1, true));
  auto o = c.take();
  REQUIRE(o.records.empty());
  REQUIRE(count(o.messages, MsgType::decision) == 1);
  REQUIRE(count(o.messages, MsgType::result) == 0);
  c.step(ack(1, 0));
  o = c.take();
  REQUIRE(count(o.messages, MsgType::decision) == 1);
  REQUIRE(o.messages[0].to == 1);
  c.step(ack(1, 1));
  REQUIRE(count(c.take().messages, MsgType::result) == 1);

  Coordinator restarted(config_of("seed", coord_id), {}, true);
  restarted.step(query(1, 0, coord_id));
  for (int i = 0; i < 50; ++i) restarted.tick();
  REQUIRE(restarted.active() == 0);
}

TEST_CASE("replicated coordinator: the decision commits through raft before Commit leaves", "[2pc]") {
  const std::vector<NodeId> members{10, 11, 12};
  std::map<NodeId, ReplicatedCoordinator> group;
  for (NodeId id : members) {
    Config cfg = find_variant("replicated-coordinator")->config();
    cfg.id = id;
    cfg.coordinators = members;
    group.emplace(id, ReplicatedCoordinator(cfg, 100 + id));
  }
  std::vector<Message> to_others;
  std::vector<raft::Message> wire;
  auto pump = [&] {  // deliver every Raft message at once, until quiet
    for (int round = 0; round < 50; ++round) {
      for (auto& [id, m] : group) {
        auto o = m.take();
        for (auto& r : o.raft_messages) wire.push_back(std::move(r));
        for (auto& x : o.messages) to_others.push_back(std::move(x));
      }
      if (wire.empty()) return;
      auto batch = std::move(wire);
      wire.clear();
      for (auto& r : batch) group.at(r.to).step(r);
    }
  };
  NodeId leader = -1;
  for (int t = 0; t < 200 && leader < 0; ++t) {
    for (auto& [id, m] : group) m.tick();
    pump();
    for (auto& [id, m] : group)
      if (m.is_leader()) leader = id;
  }
  REQUIRE(leader >= 0);
  Message b = transfer_begin(1);
  for (NodeId id : members) {
    b.to = id;
    group.at(id).step(b);  // clients ask every member; only the leader starts
  }
  pump();
  REQUIRE(count(to_others, MsgType::prepare) == 2);
  to_others.clear();
  for (NodeId p : {0, 1}) {
    Message v = vote(1, p, true);
    v.to = leader;
    group.at(leader).step(v);
  }
  auto o = group.at(leader).take();
  REQUIRE(count(o.messages, MsgType::decision) == 0);  // not before the log commits it
  REQUIRE(!o.raft_messages.empty());
  for (auto& r : o.raft_messages) wire.push_back(std::move(r));
  for (int t = 0; t < 5; ++t) {
    pump();
    for (auto& [id, m] : group) m.tick();
  }
  pump();
  REQUIRE(count(to_others, MsgType::decision) >= 2);  // resent until acked
  REQUIRE(std::all_of(to_others.begin(), to_others.end(), [](const Message& m) { return m.commit; }));
  // Every member has applied it: any of them answers a participant in doubt.
  NodeId follower = leader == 10 ? 11 : 10;
  group.at(follower).step(query(1, 0, follower));
  auto f = group.at(follower).take();
  REQUIRE(count(f.messages, MsgType::reply) == 1);
  REQUIRE(f.messages[0].commit);
}
