#pragma once
// A 2PC deployment inside the simulator (verify/sim): participants holding the
// bank's accounts, one coordinator (or a Raft group of three for the
// replicated variant), each with its own Disk, ticking on virtual time and
// talking through the simulated Network. It is the nemesis' target: crash()
// drops a node's volatile state and its unsynced writes; restart() rebuilds the
// node from what its disk kept.
//
// Endpoints: participants 0..P-1, coordinators P..P+K-1, then clients.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "impls/twopc/coordinator.hpp"
#include "impls/twopc/participant.hpp"
#include "impls/twopc/replicated.hpp"
#include "verify/sim/sim.hpp"

namespace gauntlet::twopc::simulation {

using Packet = std::variant<Message, raft::Message>;

struct ClusterOptions {
  Config base;  // the variant
  int participants = 3;
  int accounts_per_participant = 2;
  Balance initial_balance = 10;
  int clients = 4;
  sim::Time tick = 10 * sim::ms;
};

class Cluster : public sim::NemesisTarget {
 public:
  // Told of every participant effect, and of every 2PC message reaching a client.
  using EffectObserver = std::function<void(NodeId participant, const Effect&)>;
  using ClientInbox = std::function<void(int client_endpoint, const Message&)>;

  Cluster(sim::EventQueue& events, sim::Rng& rng, sim::Trace& trace, ClusterOptions opt, EffectObserver on_effect,
          ClientInbox on_client)
      : events_(events),
        rng_(rng),
        trace_(trace),
        opt_(std::move(opt)),
        on_effect_(std::move(on_effect)),
        on_client_(std::move(on_client)),
        net_(events, rng, trace, endpoints(),
             [this](int from, int to, Packet&& p) { deliver(from, to, std::move(p)); }),
        part_disks_(opt_.participants),
        coord_disks_(coordinators()),
        raft_disks_(coordinators()),
        parts_(opt_.participants),
        coords_(coordinators()),
        members_(coordinators()) {
    for (int n = 0; n < nodes(); ++n) {
      start(n, false);
      schedule_tick(n, rng_.below(opt_.tick) + 1);  // nodes tick out of step
    }
  }

  // ---- layout ----
  int participants() const { return opt_.participants; }
  int coordinators() const { return opt_.base.replicated ? 3 : 1; }
  int endpoints() const { return nodes() + opt_.clients; }
  int client_endpoint(int client) const { return nodes() + client; }
  std::vector<NodeId> coordinator_ids() const {
    std::vector<NodeId> ids;
    for (int k = 0; k < coordinators(); ++k) ids.push_back(participants() + k);
    return ids;
  }
  int accounts() const { return opt_.participants * opt_.accounts_per_participant; }
  NodeId owner(Account a) const { return a % opt_.participants; }
  Balance total() const { return accounts() * opt_.initial_balance; }
  sim::Network<Packet>& net() { return net_; }
  const ClusterOptions& options() const { return opt_; }

  std::map<Account, Balance> initial_accounts(NodeId p) const {
    std::map<Account, Balance> m;
    for (Account a = p; a < accounts(); a += opt_.participants) m[a] = opt_.initial_balance;
    return m;
  }

  // nullptr while the participant is down.
  const Participant* participant(NodeId p) const { return parts_[p] ? &*parts_[p] : nullptr; }

  void send_from_client(int client_endpoint, Message m) {
    m.from = client_endpoint;
    net_.send(client_endpoint, m.to, Packet{std::move(m)});
  }

  // ---- NemesisTarget ----
  int nodes() const override { return participants() + coordinators(); }
  std::optional<int> leader() const override {
    if (!opt_.base.replicated) return participants();
    for (int k = 0; k < coordinators(); ++k)
      if (members_[k] && members_[k]->is_leader()) return participants() + k;
    return std::nullopt;
  }
  bool running(int node) const override { return net_.up(node); }

  void crash(int node) override {
    net_.set_up(node, false);  // the nemesis traces the crash itself
    if (node < participants()) {
      part_disks_[node].crash(rng_, true);
      parts_[node].reset();
    } else {
      int k = node - participants();
      coord_disks_[k].crash(rng_, true);
      raft_disks_[k].crash(rng_, true);
      coords_[k].reset();
      members_[k].reset();
    }
  }

  void restart(int node) override {
    trace_.add(events_.now(), "restart", node);
    net_.set_up(node, true);
    start(node, true);
  }

 private:
  Config config_for(NodeId id) const {
    Config c = opt_.base;
    c.id = id;
    c.coordinators = coordinator_ids();
    return c;
  }

  void start(int node, bool restarted) {
    if (node < participants()) {
      parts_[node].emplace(config_for(node), initial_accounts(node), part_disks_[node].durable());
    } else {
      int k = node - participants();
      if (opt_.base.replicated)
        members_[k].emplace(config_for(node), rng_.next(), raft_disks_[k].durable());
      else
        coords_[k].emplace(config_for(node), coord_disks_[k].durable(), restarted);
    }
    flush(node);
  }

  void schedule_tick(int node, sim::Time delay) {
    events_.after(delay, [this, node] {
      if (running(node)) {
        if (node < participants())
          parts_[node]->tick();
        else if (opt_.base.replicated)
          members_[node - participants()]->tick();
        else
          coords_[node - participants()]->tick();
        flush(node);
      }
      schedule_tick(node, opt_.tick);
    });
  }

  void deliver(int from, int to, Packet&& p) {
    if (auto* m = std::get_if<Message>(&p)) {
      trace_.add(events_.now(), msg_name(m->type), from, to, m->txn, m->commit, "txn", "commit");
      if (to >= nodes()) return on_client_(to, *m);
      if (to < participants())
        parts_[to]->step(*m);
      else if (opt_.base.replicated)
        members_[to - participants()]->step(*m);
      else
        coords_[to - participants()]->step(*m);
    } else {
      members_[to - participants()]->step(std::get<raft::Message>(p));
    }
    flush(to);
  }

  // The order every core asks for: log, sync, then send.
  void flush(int node) {
    if (node < participants()) {
      auto o = parts_[node]->take();
      persist(part_disks_[node], o.records, o.sync);
      send_all(node, o.messages);
      for (const Effect& e : o.effects) on_effect_(node, e);
      return;
    }
    int k = node - participants();
    if (opt_.base.replicated) {
      auto o = members_[k]->take();
      persist(raft_disks_[k], o.records, o.sync);
      for (auto& m : o.raft_messages) net_.send(node, m.to, Packet{std::move(m)});
      send_all(node, o.messages);
    } else {
      auto o = coords_[k]->take();
      persist(coord_disks_[k], o.records, o.sync);
      send_all(node, o.messages);
    }
  }

  template <class Record>
  static void persist(sim::Disk<Record>& disk, std::vector<Record>& records, bool sync) {
    for (auto& r : records) disk.write(std::move(r));
    if (sync) disk.sync();
  }

  void send_all(int node, std::vector<Message>& messages) {
    for (auto& m : messages) net_.send(node, m.to, Packet{std::move(m)});
  }

  sim::EventQueue& events_;
  sim::Rng& rng_;
  sim::Trace& trace_;
  ClusterOptions opt_;
  EffectObserver on_effect_;
  ClientInbox on_client_;
  sim::Network<Packet> net_;
  std::vector<sim::Disk<PartRecord>> part_disks_;
  std::vector<sim::Disk<CoordRecord>> coord_disks_;
  std::vector<sim::Disk<RaftRecord>> raft_disks_;
  std::vector<std::optional<Participant>> parts_;
  std::vector<std::optional<Coordinator>> coords_;
  std::vector<std::optional<ReplicatedCoordinator>> members_;
};

}  // namespace gauntlet::twopc::simulation
