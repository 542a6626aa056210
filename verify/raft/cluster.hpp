#pragma once
// A simulated Raft cluster: nodes 0..n-1 each run the pure core (impls/raft)
// over a Disk, the KV state machine with sessions on top, and answer clients.
// Safety invariants are checked as it runs; the first violation is kept.
//
// A node's Ready is handled in Raft's order: write and sync, then send, then
// apply and answer (see pump()).
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "impls/raft/kv.hpp"
#include "impls/raft/node.hpp"
#include "verify/raft/invariants.hpp"
#include "verify/raft/packets.hpp"
#include "verify/sim/sim.hpp"

namespace gauntlet::raft::simulation {

// One journal record on a node's disk.
struct Record {
  enum class Kind : std::uint8_t { hard_state, entries, snapshot } kind = Kind::hard_state;
  HardState hard_state;
  Index from = 0;  // entries: replace the log from this index on
  std::vector<Entry> entries;
  std::shared_ptr<const Snapshot> snapshot;
};

// Rebuilds what a node finds on disk by replaying its journal.
inline Durable replay(const std::vector<Record>& journal) {
  Durable d;
  for (const Record& r : journal) {
    switch (r.kind) {
      case Record::Kind::hard_state:
        d.hard_state = r.hard_state;
        break;
      case Record::Kind::snapshot: {
        const Snapshot& s = *r.snapshot;
        // Keep the entries after the snapshot only if they continue it.
        std::vector<Entry> rest;
        for (const Entry& e : d.entries)
          if (e.index > s.index) rest.push_back(e);
        bool continues = false;
        for (const Entry& e : d.entries)
          if (e.index == s.index && e.term == s.term) continues = true;
        d.entries = continues ? std::move(rest) : std::vector<Entry>{};
        d.snapshot = s;
        break;
      }
      case Record::Kind::entries: {
        while (!d.entries.empty() && d.entries.back().index >= r.from) d.entries.pop_back();
        for (const Entry& e : r.entries)
          if (e.index > d.snapshot.index) d.entries.push_back(e);
        break;
      }
    }
  }
  return d;
}

class Cluster : public sim::NemesisTarget {
 public:
  struct Options {
    int nodes = 5;
    int clients = 5;
    sim::Time tick = 10 * sim::ms;
    Index compact_every = 200;          // entries applied beyond the snapshot before a new one
    sim::Time min_sync = 50 * sim::us;  // how long a sync (fsync) takes
    sim::Time max_sync = 300 * sim::us;
    Config base;  // the variant's switches; id, nodes, seed are filled in
  };

  using ReplySink = std::function<void(int client_endpoint, ClientReply&&)>;

  Cluster(sim::EventQueue& events, sim::Rng& rng, sim::Trace& trace, Options opt, ReplySink replies)
      : events_(events),
        rng_(rng),
        trace_(trace),
        opt_(std::move(opt)),
        replies_(std::move(replies)),
        net_(events, rng, trace, opt_.nodes + opt_.clients,
             [this](int from, int to, Packet&& p) { deliver(from, to, std::move(p)); }),
        hosts_(opt_.nodes) {
    for (int i = 0; i < opt_.nodes; ++i) start(i);
  }

  sim::Network<Packet>& net() { return net_; }
  const std::optional<Violation>& violation() const { return violation_; }

  // ---- NemesisTarget ----
  int nodes() const override { return opt_.nodes; }
  std::optional<int> leader() const override {
    std::optional<int> best;
    Term best_term = 0;
    for (int i = 0; i < opt_.nodes; ++i)
      if (hosts_[i].node && hosts_[i].node->is_leader() && hosts_[i].node->term() >= best_term) {
        best = i;
        best_term = hosts_[i].node->term();
      }
    return best;
  }
  bool running(int i) const override { return hosts_[i].node != nullptr; }
  void crash(int i) override {
    Host& h = hosts_[i];
    h.node.reset();
    h.pending_writes.clear();
    h.pending_reads.clear();
    h.ready_reads.clear();
    h.unsynced.clear();
    h.sync_scheduled = false;
    h.disk.crash(rng_, true);
    net_.set_up(i, false);
    ++h.incarnation;
  }
  void restart(int i) override {
    start(i);
    trace_.add(events_.now(), "restart", i, -1, hosts_[i].node->term(), hosts_[i].node->log().last_index(), "term",
               "last");
  }

  const Node* node(int i) const { return hosts_[i].node.get(); }

  // Proposes a command directly at node i (the liveness probe); the index, or 0.
  Index propose_at(int i, const std::string& command) {
    Host& h = hosts_[i];
    if (!h.node) return 0;
    Index idx = h.node->propose(command);
    pump(i);
    return idx;
  }

  void check_log_matching() {
    if (violation_) return;
    std::vector<const Node*> up;
    for (auto& h : hosts_)
      if (h.node) up.push_back(h.node.get());
    if (auto v = Invariants::log_matching(up)) fail(v);
  }

 private:
  struct Host {
    std::unique_ptr<Node> node;
    sim::Disk<Record> disk;
    HardState persisted;
    KvStore kv;
    std::uint32_t incarnation = 0;
    bool was_leader = false;
    std::map<Index, ClientRequest> pending_writes;             // proposed at this index, awaiting apply
    std::map<std::uint64_t, ClientRequest> pending_reads;      // read request id -> request
    std::vector<std::pair<Index, ClientRequest>> ready_reads;  // confirmed: serve once applied
    std::uint64_t next_read = 1;
    Index applied = 0;            // what the KV store has applied
    std::vector<Ready> unsynced;  // written, waiting for the sync before their effects
    bool sync_scheduled = false;
  };

  void start(int i) {
    Host& h = hosts_[i];
    Durable d = replay(h.disk.durable());
    h.persisted = d.hard_state;
    h.kv = KvStore::deserialize(d.snapshot.data);
    h.applied = d.snapshot.index;
    Config cfg = opt_.base;
    cfg.id = i;
    cfg.nodes.clear();
    for (int n = 0; n < opt_.nodes; ++n) cfg.nodes.push_back(n);
    cfg.random_seed = rng_.next();
    h.node = std::make_unique<Node>(cfg, d);
    h.was_leader = false;
    net_.set_up(i, true);
    schedule_tick(i, h.incarnation, rng_.below(opt_.tick) + 1);
  }

  void schedule_tick(int i, std::uint32_t incarnation, sim::Time delay) {
    events_.after(delay, [this, i, incarnation] {
      Host& h = hosts_[i];
      if (!h.node || h.incarnation != incarnation) return;
      h.node->tick();
      pump(i);
      schedule_tick(i, incarnation, opt_.tick);
    });
  }

  void deliver(int from, int to, Packet&& p) {
    if (to >= opt_.nodes) {
      if (auto* r = std::get_if<ClientReply>(&p)) replies_(to, std::move(*r));
      return;
    }
    Host& h = hosts_[to];
    if (!h.node) return;
    if (auto* m = std::get_if<Message>(&p)) {
      trace_.add(events_.now(), msg_name(m->type), from, to, m->term, m->index, "term", "index");
      h.node->step(*m);
    } else if (auto* req = std::get_if<ClientRequest>(&p)) {
      on_request(to, from, std::move(*req));
    }
    pump(to);
  }

  void on_request(int i, int client, ClientRequest req) {
    Host& h = hosts_[i];
    ClientReply no{req.command.client, req.command.seq, ClientReply::Status::not_leader, {}, h.node->leader()};
    if (req.command.op == KvOp::get) {
      std::uint64_t id = h.next_read++;
      if (!h.node->read_index(id)) return net_.send(i, client, Packet{no});
      h.pending_reads.emplace(id, std::move(req));
      return;
    }
    Index idx = h.node->propose(req.command.encode());
    if (!idx) return net_.send(i, client, Packet{no});
    trace_.add(events_.now(), "propose", i, -1, h.node->term(), idx, "term", "index");
    h.pending_writes[idx] = std::move(req);
  }

  // Takes everything the node has for us. Its writes go to the disk now; the
  // rest (send, apply, answer) waits for the sync that makes them durable, so a
  // crash before the sync loses both the writes and the messages that depended
  // on them. Syncs are group commits: one covers every Ready written before it.
  void pump(int i) {
    Host& h = hosts_[i];
    while (h.node && h.node->has_ready() && !violation_) {
      Ready rd = h.node->ready();
      write(h, rd);
      h.unsynced.push_back(std::move(rd));
      if (!h.sync_scheduled) {
        h.sync_scheduled = true;
        events_.after(rng_.between(opt_.min_sync, opt_.max_sync), [this, i, inc = h.incarnation] {
          if (hosts_[i].node && hosts_[i].incarnation == inc) synced(i);
        });
      }
    }
    if (!h.node || violation_) return;
    if (auto v = invariants_.on_progress(i, h.incarnation, h.node->term(), h.node->commit_index())) return fail(v);
    bool leads = h.node->is_leader();
    if (leads && !h.was_leader) {
      trace_.add(events_.now(), "becomes leader", i, -1, h.node->term(), h.node->log().last_index(), "term", "last");
      if (auto v = invariants_.on_leader(*h.node)) fail(v);
    }
    if (!leads && h.was_leader) h.pending_reads.clear();
    h.was_leader = leads;
  }

  void write(Host& h, const Ready& rd) {
    if (rd.snapshot) {
      h.disk.write({Record::Kind::snapshot, {}, 0, {}, std::make_shared<const Snapshot>(*rd.snapshot)});
    }
    if (rd.hard_state) {
      h.disk.write({Record::Kind::hard_state, *rd.hard_state, 0, {}, nullptr});
      h.persisted = *rd.hard_state;
    }
    if (!rd.entries.empty()) h.disk.write({Record::Kind::entries, {}, rd.append_from, rd.entries, nullptr});
  }

  void synced(int i) {
    Host& h = hosts_[i];
    h.disk.sync();
    h.sync_scheduled = false;
    auto done = std::move(h.unsynced);
    h.unsynced.clear();
    for (Ready& rd : done) {
      for (Message& m : rd.messages) {
        int to = m.to;
        net_.send(i, to, Packet{std::move(m)});
      }
      if (rd.snapshot) {
        h.kv = KvStore::deserialize(rd.snapshot->data);
        h.applied = rd.snapshot->index;
        std::erase_if(h.pending_writes, [&](auto& p) { return p.first <= rd.snapshot->index; });
      }
      for (const Entry& e : rd.committed) apply(i, e);
      for (const ReadState& rs : rd.reads) {
        auto it = h.pending_reads.find(rs.request);
        if (it == h.pending_reads.end()) continue;
        h.ready_reads.emplace_back(rs.index, std::move(it->second));
        h.pending_reads.erase(it);
      }
    }
    serve_reads(i);
    maybe_compact(h);
  }

  void apply(int i, const Entry& e) {
    Host& h = hosts_[i];
    trace_.add(events_.now(), "apply", i, -1, e.term, e.index, "term", "index");
    if (auto v = Invariants::on_apply_order(i, h.applied, e.index)) return fail(v);
    h.applied = e.index;
    if (auto v = invariants_.on_apply(i, h.node->term(), e)) return fail(v);
    auto waiting = h.pending_writes.find(e.index);
    if (e.command.empty()) {
      if (waiting != h.pending_writes.end()) h.pending_writes.erase(waiting);
      return;
    }
    KvCommand c = KvCommand::decode(e.command);
    KvResult r = h.kv.apply(c);
    if (waiting == h.pending_writes.end()) return;
    const KvCommand& asked = waiting->second.command;
    if (asked.client == c.client && asked.seq == c.seq)
      net_.send(i, opt_.nodes + static_cast<int>(c.client),
                Packet{ClientReply{c.client, c.seq, ClientReply::Status::ok, r, i}});
    h.pending_writes.erase(waiting);
  }

  void serve_reads(int i) {
    Host& h = hosts_[i];
    std::erase_if(h.ready_reads, [&](auto& p) {
      if (p.first > h.applied) return false;
      const KvCommand& c = p.second.command;
      KvResult r{true, h.kv.get(c.key)};
      net_.send(i, opt_.nodes + static_cast<int>(c.client),
                Packet{ClientReply{c.client, c.seq, ClientReply::Status::ok, r, i}});
      return true;
    });
  }

  // Snapshot the KV store and rewrite the journal as snapshot + state + tail.
  void maybe_compact(Host& h) {
    Node& n = *h.node;
    if (h.applied < n.log().snapshot_index() + opt_.compact_every) return;
    n.compact(h.applied, h.kv.serialize());
    std::vector<Record> journal;
    journal.push_back({Record::Kind::snapshot, {}, 0, {}, std::make_shared<const Snapshot>(n.snapshot())});
    journal.push_back({Record::Kind::hard_state, h.persisted, 0, {}, nullptr});
    journal.push_back({Record::Kind::entries,
                       {},
                       n.log().first_index(),
                       n.log().slice(n.log().first_index(), n.log().last_index() + 1),
                       nullptr});
    h.disk.rewrite(std::move(journal));
  }

  void fail(Violation v) {
    if (!violation_) violation_ = std::move(v);
  }

  sim::EventQueue& events_;
  sim::Rng& rng_;
  sim::Trace& trace_;
  Options opt_;
  ReplySink replies_;
  sim::Network<Packet> net_;
  std::vector<Host> hosts_;
  Invariants invariants_;
  std::optional<Violation> violation_;
};

}  // namespace gauntlet::raft::simulation
