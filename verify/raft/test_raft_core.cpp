// Unit tests of the pure Raft core: scripted message exchanges, no simulator.
#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <vector>

#include "impls/raft/kv.hpp"
#include "impls/raft/node.hpp"
#include "impls/raft/variants.hpp"

using namespace gauntlet::raft;

namespace {

Config config_of(const char* variant) {
  Config c;
  find_variant(variant)->configure(c);
  return c;
}

// Nodes wired by hand: messages are delivered only when a test says so.
struct Mini {
  std::vector<std::unique_ptr<Node>> nodes;
  std::vector<Message> wire;
  std::vector<std::vector<Entry>> applied;
  std::vector<std::vector<ReadState>> reads;
  std::vector<HardState> persisted;

  Mini(int n, Config base, std::vector<Durable> disks = {}) : applied(n), reads(n), persisted(n) {
    disks.resize(n);
    for (int i = 0; i < n; ++i) {
      Config c = base;
      c.id = i;
      for (int j = 0; j < n; ++j) c.nodes.push_back(j);
      c.random_seed = 1000 + i;
      nodes.push_back(std::make_unique<Node>(c, disks[i]));
    }
  }

  void collect() {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (!nodes[i]) continue;
      while (nodes[i]->has_ready()) {
        Ready rd = nodes[i]->ready();
        if (rd.hard_state) persisted[i] = *rd.hard_state;
        for (auto& m : rd.messages) wire.push_back(std::move(m));
        for (auto& e : rd.committed) applied[i].push_back(e);
        for (auto& r : rd.reads) reads[i].push_back(r);
      }
    }
  }

  // Delivers the messages `allow` accepts until none is left; drops the others.
  void deliver(const std::function<bool(const Message&)>& allow = [](const Message&) { return true; }) {
    for (collect(); !wire.empty(); collect()) {
      auto batch = std::move(wire);
      wire.clear();
      for (auto& m : batch)
        if (nodes[m.to] && allow(m)) nodes[m.to]->step(m);
    }
  }

  // Ticks node i until it campaigns.
  void timeout(int i) {
    Term t = nodes[i]->term();
    for (int k = 0; k < 100 && nodes[i]->term() == t; ++k) nodes[i]->tick();
    REQUIRE(nodes[i]->term() == t + 1);
  }

  int leaders() const {
    int n = 0;
    for (auto& node : nodes) n += node && node->is_leader();
    return n;
  }
};

Durable disk(Term term, std::vector<Term> log_terms) {
  Durable d;
  d.hard_state.term = term;
  for (std::size_t i = 0; i < log_terms.size(); ++i) d.entries.push_back({log_terms[i], i + 1, "e" + std::to_string(i + 1)});
  return d;
}

}  // namespace

TEST_CASE("a timed-out follower is elected and is the only leader", "[raft]") {
  for (const char* v : {"basic", "batched"}) {
    Mini c(5, config_of(v));
    c.timeout(2);
    c.deliver();
    REQUIRE(c.nodes[2]->is_leader());
    REQUIRE(c.leaders() == 1);
    for (auto& n : c.nodes) REQUIRE(n->term() == 1);
  }
}

TEST_CASE("a proposal commits on a majority and is applied everywhere in order", "[raft]") {
  for (const char* v : {"basic", "batched"}) {
    Mini c(3, config_of(v));
    c.timeout(0);
    c.deliver();
    REQUIRE(c.nodes[0]->propose("a") == 2);
    REQUIRE(c.nodes[0]->propose("b") == 3);
    c.deliver();
    for (int tick = 0; tick < 3; ++tick) c.nodes[0]->tick();  // heartbeats carry the commit index
    c.deliver();
    for (auto& applied : c.applied) {
      REQUIRE(applied.size() == 3);
      REQUIRE(applied[1].command == "a");
      REQUIRE(applied[2].command == "b");
    }
  }
}

TEST_CASE("a minority cannot commit", "[raft]") {
  Mini c(5, config_of("basic"));
  c.timeout(0);
  c.deliver();
  Index before = c.nodes[0]->commit_index();
  c.nodes[0]->propose("x");
  c.deliver([](const Message& m) { return m.to == 0 || m.to == 1; });  // only n1 answers
  REQUIRE(c.nodes[0]->commit_index() == before);
}

TEST_CASE("the hard state with the vote is handed out for persisting; forget-vote drops it", "[raft]") {
  Mini good(3, config_of("basic"));
  good.timeout(1);
  good.deliver();
  REQUIRE(good.persisted[0].term == 1);
  REQUIRE(good.persisted[0].vote == 1);

  Mini bad(3, config_of("forget-vote"));
  bad.timeout(1);
  bad.deliver();
  REQUIRE(bad.persisted[0].vote == no_node);
}

TEST_CASE("votes go only to candidates whose log is at least as up to date", "[raft]") {
  // n0 has a shorter log than n1; n1 must refuse it, unless the up-to-date check is gone.
  for (bool bug : {false, true}) {
    Mini c(3, config_of(bug ? "vote-any-log" : "basic"), {disk(1, {1}), disk(1, {1, 1}), disk(1, {1, 1})});
    c.timeout(0);
    c.deliver();
    REQUIRE(c.nodes[0]->is_leader() == bug);
  }
}

TEST_CASE("a follower truncates a conflicting suffix; keep-conflicts leaves it", "[raft]") {
  for (bool bug : {false, true}) {
    Mini c(2, config_of(bug ? "keep-conflicts" : "basic"), {disk(2, {1}), disk(1, {1, 1, 1})});
    Message m;
    m.type = MsgType::append;
    m.from = 0;
    m.to = 1;
    m.term = 2;
    m.index = 1;
    m.log_term = 1;
    m.entries = {{2, 2, "new"}};
    c.nodes[1]->step(m);
    const Log& log = c.nodes[1]->log();
    REQUIRE(log.at(2).command == "new");
    REQUIRE(log.last_index() == (bug ? 3u : 2u));
    Ready rd = c.nodes[1]->ready();
    REQUIRE(rd.append_from == 2);
    REQUIRE(rd.messages.back().index == 2);  // acknowledges exactly what matched
  }
}

TEST_CASE("Figure 8: an old-term entry is not committed by counting replicas", "[raft]") {
  // n0 leads term 4 with entry 2 from term 2; n4 holds a term-3 entry at index 2.
  for (bool bug : {false, true}) {
    Mini c(5, config_of(bug ? "commit-old-term" : "basic"),
           {disk(3, {1, 2}), disk(3, {1, 2}), disk(3, {1}), disk(3, {1}), disk(3, {1, 3})});
    c.timeout(0);
    auto votes_only = [](const Message& m) {
      return (m.type == MsgType::vote || m.type == MsgType::vote_resp) && m.to != 4 && m.from != 4;
    };
    c.deliver(votes_only);  // n4 is cut off
    REQUIRE(c.nodes[0]->is_leader());
    c.nodes[0]->tick();  // a heartbeat round restarts replication
    // Entry 2 (term 2) reaches n1 and n2, a majority with n0; the term-4 no-op reaches only n1.
    c.deliver([&](const Message& m) {
      if (m.to == 3 || m.to == 4 || m.from == 3 || m.from == 4) return false;
      bool carries_new_term = !m.entries.empty() && m.entries.back().term == 4;
      return !(m.to == 2 && carries_new_term && c.nodes[2]->log().last_index() >= 2);
    });
    REQUIRE(c.nodes[2]->log().last_index() == 2);
    REQUIRE(c.nodes[0]->commit_index() == (bug ? 2u : 0u));

    // n0 crashes; n4 wins term 5 with n2 and n3 and overwrites index 2.
    c.nodes[0].reset();
    c.nodes[1].reset();
    c.timeout(4);
    c.timeout(4);  // term 5
    c.deliver();
    REQUIRE(c.nodes[4]->is_leader());
    REQUIRE(c.nodes[2]->log().at(2).term == 3);
    // The buggy leader had applied the term-2 entry at index 2: state machine safety is gone.
    bool applied_old = false;
    for (auto& e : c.applied[0]) applied_old |= e.index == 2 && e.term == 2;
    REQUIRE(applied_old == bug);
  }
}

TEST_CASE("ReadIndex waits for a heartbeat round; stale-reads answers at once", "[raft]") {
  for (bool bug : {false, true}) {
    Mini c(3, config_of(bug ? "stale-reads" : "basic"));
    c.timeout(0);
    c.deliver();
    REQUIRE(c.nodes[0]->read_index(7));
    c.collect();
    REQUIRE(c.reads[0].size() == (bug ? 1u : 0u));
    c.deliver();
    REQUIRE(c.reads[0].size() == 1);
    REQUIRE(c.reads[0][0].request == 7);
    REQUIRE(c.reads[0][0].index == c.nodes[0]->commit_index());
  }
}

TEST_CASE("a duplicated heartbeat answer does not make a quorum for a read", "[raft]") {
  Mini c(5, config_of("basic"));
  c.timeout(0);
  c.deliver();
  REQUIRE(c.nodes[0]->read_index(1));
  c.collect();
  Message answer;
  // A copy: stepping the follower and collecting appends to c.wire.
  const std::vector<Message> sent = c.wire;
  for (const auto& m : sent)
    if (m.type == MsgType::heartbeat && m.to == 1) {
      c.nodes[1]->step(m);
      c.collect();
    }
  for (auto& m : c.wire)
    if (m.type == MsgType::heartbeat_resp) answer = m;
  REQUIRE(answer.type == MsgType::heartbeat_resp);
  c.nodes[0]->step(answer);
  c.nodes[0]->step(answer);  // the network delivered it twice: still only 2 of 5
  c.collect();
  REQUIRE(c.reads[0].empty());
}

TEST_CASE("a follower behind the leader's snapshot is brought up with InstallSnapshot", "[raft]") {
  for (const char* v : {"basic", "batched"}) {
    Mini c(3, config_of(v));
    c.timeout(0);
    c.deliver();
    for (int i = 0; i < 20; ++i) c.nodes[0]->propose("c" + std::to_string(i));
    c.deliver([](const Message& m) { return m.to != 2 && m.from != 2; });  // n2 misses all of it
    Index applied = c.nodes[0]->applied_index();
    REQUIRE(applied == 21);
    c.nodes[0]->compact(applied, "state at 21");
    REQUIRE(c.nodes[0]->log().first_index() == 22);
    c.nodes[0]->tick();  // a heartbeat: n2 answers and the leader finds it behind
    bool installed = false;
    c.deliver([&](const Message& m) {
      installed |= m.type == MsgType::snapshot;
      return true;
    });
    REQUIRE(installed);
    REQUIRE(c.nodes[2]->log().snapshot_index() == 21);
    REQUIRE(c.nodes[2]->snapshot().data == "state at 21");
    c.nodes[0]->propose("after");
    c.deliver();
    REQUIRE(c.nodes[2]->log().last_index() == 22);
  }
}

TEST_CASE("apply-uncommitted hands out entries before a majority has them", "[raft]") {
  for (bool bug : {false, true}) {
    Mini c(3, config_of(bug ? "apply-uncommitted" : "basic"));
    c.timeout(0);
    c.deliver();
    std::size_t before = c.applied[0].size();
    c.nodes[0]->propose("x");
    c.collect();
    REQUIRE(c.applied[0].size() == before + (bug ? 1 : 0));
  }
}

TEST_CASE("a retried command applies once and returns the first result", "[raft]") {
  KvStore kv;
  KvCommand put{1, 1, KvOp::append, "k", "a", ""};
  kv.apply(put);
  kv.apply(put);  // the retry
  REQUIRE(kv.get("k") == "a");
  REQUIRE(kv.duplicates() == 1);
  KvCommand cas{1, 2, KvOp::cas, "k", "b", "a"};
  REQUIRE(kv.apply(cas).ok);
  REQUIRE(kv.apply(cas).ok);  // the recorded result, though "a" is gone now
  REQUIRE(kv.get("k") == "b");
  KvCommand other{2, 1, KvOp::cas, "k", "c", "a"};
  REQUIRE_FALSE(kv.apply(other).ok);
}

TEST_CASE("commands and the store survive encoding", "[raft]") {
  KvCommand c{3, 9, KvOp::cas, "key", "new value", "old"};
  KvCommand d = KvCommand::decode(c.encode());
  REQUIRE(d.client == 3);
  REQUIRE(d.seq == 9);
  REQUIRE(d.op == KvOp::cas);
  REQUIRE(d.key == "key");
  REQUIRE(d.value == "new value");
  REQUIRE(d.expected == "old");
  KvStore kv;
  kv.apply({1, 1, KvOp::put, "a", "x y", ""});
  kv.apply({2, 1, KvOp::put, "b", "", ""});
  KvStore back = KvStore::deserialize(kv.serialize());
  REQUIRE(back == kv);
  REQUIRE(back.apply({1, 1, KvOp::put, "a", "other", ""}).ok);  // the session came along: no re-apply
  REQUIRE(back.get("a") == "x y");
}
