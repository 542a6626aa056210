#pragma once
// A 2PC participant as a pure state machine: it holds some bank accounts, locks
// them for a transaction at Prepare, and applies or releases them at the decision.
//
// In:  step(message), tick() (the caller's clock).
// Out: take(): records to log, whether to sync, messages, effects (see Output).
// A restarted participant is rebuilt from its durable log by the constructor.
//
// Locks are no-wait: a Prepare that finds a key locked votes no, so two
// transactions never wait for each other and 2PC cannot deadlock.
#include <algorithm>
#include <map>
#include <vector>

#include "impls/twopc/types.hpp"

namespace gauntlet::twopc {

class Participant {
 public:
  Participant(Config cfg, std::map<Account, Balance> initial, const std::vector<PartRecord>& log = {})
      : cfg_(std::move(cfg)), balance_(std::move(initial)) {
    for (const PartRecord& r : log) replay(r);
    // Recovery: every transaction still prepared is in doubt; ask at the first tick.
    for (auto& [id, t] : txns_)
      if (t.state == State::prepared) t.waited = cfg_.ask_ticks - 1;
  }

  // ---- queries ----
  NodeId id() const { return cfg_.id; }
  const std::map<Account, Balance>& balances() const { return balance_; }
  std::vector<TxnId> in_doubt() const {
    std::vector<TxnId> out;
    for (const auto& [id, t] : txns_)
      if (t.state == State::prepared) out.push_back(id);
    return out;
  }
  bool locked(Account a) const { return locks_.count(a) != 0; }

  // ---- inputs ----
  void step(const Message& m) {
    switch (m.type) {
      case MsgType::prepare:
        on_prepare(m);
        break;
      case MsgType::decision:
        on_decision(m.txn, m.commit, m.from);
        break;
      case MsgType::reply:
        on_decision(m.txn, m.commit, no_node);
        break;
      case MsgType::query:
        on_peer_query(m);
        break;
      default:
        break;
    }
  }

  void tick() {
    // bugs.vote_before_sync: the prepare record reaches the disk with the next periodic flush ("fsync every second").
    if (unsynced_ && ++unsynced_ticks_ >= cfg_.lazy_sync_ticks) {
      out_.sync = true;
      unsynced_ = false;
      unsynced_ticks_ = 0;
    }
    for (auto& [id, t] : txns_) {
      if (t.state != State::prepared) continue;
      ++t.waited;
      if (cfg_.bugs.timeout_abort && t.waited >= cfg_.give_up_ticks) {
        finish(id, t, false);  // the bug: the coordinator may have decided commit
        continue;
      }
      if (t.waited % cfg_.ask_ticks == 0) ask(id, t);
    }
  }

  Output<PartRecord> take() {
    Output<PartRecord> o = std::move(out_);
    out_ = {};
    return o;
  }

 private:
  enum class State : std::uint8_t { prepared, committed, aborted };
  struct Txn {
    State state = State::prepared;
    std::vector<NodeId> participants;
    std::vector<Write> writes;
    bool read_all = false;
    int waited = 0;  // ticks in doubt
  };

  std::vector<Account> keys(const std::vector<Write>& writes, bool read_all) const {
    std::vector<Account> k;
    if (read_all)
      for (const auto& [a, b] : balance_) k.push_back(a);
    for (const Write& w : writes) k.push_back(w.account);
    std::sort(k.begin(), k.end());
    k.erase(std::unique(k.begin(), k.end()), k.end());
    return k;
  }

  void lock(TxnId id, const Txn& t) {
    for (Account a : keys(t.writes, t.read_all)) locks_[a] = id;
  }
  void unlock(TxnId id, const Txn& t) {
    for (Account a : keys(t.writes, t.read_all))
      if (auto it = locks_.find(a); it != locks_.end() && it->second == id) locks_.erase(it);
  }

  void replay(const PartRecord& r) {
    if (r.type == PartRecordType::prepared) {
      Txn& t = txns_[r.txn];
      t = Txn{State::prepared, r.participants, r.writes, r.read_all, 0};
      lock(r.txn, t);
      return;
    }
    Txn& t = txns_[r.txn];  // a commit without a prepare record applies nothing
    if (t.state == State::prepared) unlock(r.txn, t);
    if (r.type == PartRecordType::committed && t.state == State::prepared) apply(t);
    t.state = r.type == PartRecordType::committed ? State::committed : State::aborted;
  }

  void apply(const Txn& t) {
    for (const Write& w : t.writes) balance_[w.account] += w.delta;
  }

  void send(Message m) {
    m.from = id();
    out_.messages.push_back(std::move(m));
  }

  void vote(const Message& prepare, bool yes, Values values = {}) {
    Message v = make_message(MsgType::vote, prepare.from, prepare.txn, yes);
    v.values = std::move(values);
    send(std::move(v));
  }

  Values read(const Txn& t) const {
    Values v;
    if (t.read_all)
      for (const auto& [a, b] : balance_) v.emplace_back(a, b);
    return v;
  }

  void on_prepare(const Message& m) {
    if (auto it = txns_.find(m.txn); it != txns_.end()) {
      // A duplicate, or a Prepare overtaken by its decision (or by our own unilateral abort).
      if (it->second.state == State::prepared) vote(m, true, read(it->second));
      if (it->second.state == State::aborted) vote(m, false);
      return;
    }
    Txn t{State::prepared, m.participants, m.writes, m.read_all, 0};
    auto k = keys(t.writes, t.read_all);
    bool free = std::none_of(k.begin(), k.end(), [&](Account a) { return locks_.count(a) != 0; });
    // The workload forbids negative balances: a transfer that would overdraw votes no.
    std::map<Account, Balance> after;
    for (const Write& w : t.writes) after[w.account] += w.delta;
    bool covered = std::all_of(after.begin(), after.end(), [&](const auto& kv) {
      auto b = balance_.find(kv.first);
      return b != balance_.end() && b->second + kv.second >= 0;
    });
    if (!free || !covered) {
      txns_[m.txn].state = State::aborted;  // in memory only: a missing record means abort anyway
      vote(m, false);
      return;
    }
    lock(m.txn, t);
    out_.records.push_back({PartRecordType::prepared, m.txn, t.participants, t.writes, t.read_all});
    // The rule: the prepare record is durable before the yes vote leaves.
    if (cfg_.bugs.vote_before_sync)
      unsynced_ = true;
    else
      out_.sync = true;
    Values v = read(t);
    txns_.emplace(m.txn, std::move(t));
    vote(m, true, std::move(v));
    out_.effects.push_back({EffectType::voted_yes, m.txn, false});
  }

  void on_decision(TxnId id, bool commit, NodeId coordinator) {
    auto it = txns_.find(id);
    if (it == txns_.end()) {
      if (!commit) {
        txns_[id].state = State::aborted;  // a late Prepare will be refused
        return;
      }
      // A Commit for a transaction we have no prepare record of: nothing to apply.
      // Only a broken rule elsewhere gets here; ack so the coordinator can finish.
      txns_[id].state = State::committed;
      out_.records.push_back({PartRecordType::committed, id, {}, {}, false});
      out_.sync = true;
      out_.effects.push_back({EffectType::committed, id, false});
      if (coordinator != no_node) send(make_message(MsgType::ack, coordinator, id));
      return;
    }
    Txn& t = it->second;
    if (t.state == State::prepared) finish(id, t, commit);
    // Ack every Commit, repeats included: the coordinator resends until it hears one.
    if (t.state == State::committed && coordinator != no_node) send(make_message(MsgType::ack, coordinator, id));
  }

  void finish(TxnId id, Txn& t, bool commit) {
    unlock(id, t);
    if (commit) apply(t);
    t.state = commit ? State::committed : State::aborted;
    out_.records.push_back({commit ? PartRecordType::committed : PartRecordType::aborted, id, {}, {}, false});
    // A commit must be durable before it is acked: after the acks the coordinator forgets.
    if (commit) out_.sync = true;
    out_.effects.push_back({commit ? EffectType::committed : EffectType::aborted, id, commit});
  }

  void ask(TxnId txn, const Txn& t) {
    if (cfg_.ask_coordinator)
      for (NodeId c : cfg_.coordinators) send(make_message(MsgType::query, c, txn));
    if (cfg_.ask_peers)
      for (NodeId p : t.participants)
        if (p != id()) send(make_message(MsgType::query, p, txn));
  }

  // Cooperative termination: answer a peer in doubt if we know; if we never
  // voted, abort now (durably) so that our vote can never be yes.
  void on_peer_query(const Message& m) {
    auto it = txns_.find(m.txn);
    if (it == txns_.end()) {
      txns_[m.txn].state = State::aborted;
      out_.records.push_back({PartRecordType::aborted, m.txn, {}, {}, false});
      out_.sync = true;
      send(make_message(MsgType::reply, m.from, m.txn, false));
      return;
    }
    if (it->second.state == State::prepared) return;  // in doubt ourselves
    send(make_message(MsgType::reply, m.from, m.txn, it->second.state == State::committed));
  }

  Config cfg_;
  std::map<Account, Balance> balance_;
  std::map<Account, TxnId> locks_;
  std::map<TxnId, Txn> txns_;
  bool unsynced_ = false;
  int unsynced_ticks_ = 0;
  Output<PartRecord> out_;
};

}  // namespace gauntlet::twopc
