// Unit tests of the pure Raft core: message exchanges wired by hand, no simulator.
// Scenarios that read better as scripts (Figure 8, votes and logs, conflicts,
// reads, each known-bad variant's rule) are in testdata/ (gauntlet-raft-scenario);
// here stay the ones run under both basic and batched, and those a script cannot
// say (a duplicated message, the KV state machine).
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
