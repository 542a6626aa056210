#pragma once
// A 2PC coordinator as a pure state machine (presumed abort and its relatives).
//
// In:  step(message) (Begin from clients, votes, acks, queries), tick(),
//      and with Config::replicated, decided(txn, commit) once a decision is
//      committed in the replicated log.
// Out: take(): records to log, whether to sync, messages (see Output); with
//      Config::replicated, take_proposals(): decisions to append to the replicated log.
// A restarted coordinator is rebuilt from its durable log by the constructor.
//
// Presumed abort: only commit decisions are logged (forced before any Commit
// leaves); an abort is sent without a record, and a transaction the coordinator
// has no record of was aborted. An `end` record (not forced) lets it forget a
// transaction once every participant has acked the commit.
#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "impls/twopc/types.hpp"

namespace gauntlet::twopc {

class Coordinator {
 public:
  // `restarted`: this coordinator crashed before; `log` is what its disk kept.
  explicit Coordinator(Config cfg, const std::vector<CoordRecord>& log = {}, bool restarted = false)
      : cfg_(std::move(cfg)), restarted_(restarted) {
    if (!cfg_.decision_log) return;  // the seed keeps no log: it remembers nothing
    for (const CoordRecord& r : log) {
      if (r.type == CoordRecordType::commit) {
        Txn& t = txns_[r.txn];
        t.id = r.txn;
        t.phase = Phase::committing;
        t.participants = r.participants;
        t.client = no_node;
        t.waited = cfg_.resend_ticks - 1;  // redo phase two at the first tick
      } else {
        txns_.erase(r.txn);
      }
    }
  }

  // ---- queries ----
  NodeId id() const { return cfg_.id; }
  std::size_t active() const { return txns_.size(); }

  // ---- inputs ----
  void step(const Message& m) {
    switch (m.type) {
      case MsgType::begin:
        on_begin(m);
        break;
      case MsgType::vote:
        on_vote(m);
        break;
      case MsgType::ack:
        on_ack(m);
        break;
      case MsgType::query:
        on_query(m);
        break;
      default:
        break;
    }
  }

  void tick() {
    // bugs.commit_before_sync: the decision reaches the disk with the next periodic flush ("fsync every second").
    if (unsynced_ && ++unsynced_ticks_ >= cfg_.lazy_sync_ticks) {
      out_.sync = true;
      unsynced_ = false;
      unsynced_ticks_ = 0;
    }
    std::vector<TxnId> timed_out;
    for (auto& [id, t] : txns_) {
      ++t.waited;
      if (t.phase == Phase::collecting && t.waited >= cfg_.vote_timeout_ticks) timed_out.push_back(id);
      if (t.phase == Phase::deciding && t.waited % cfg_.resend_ticks == 0) proposals_.push_back({id, t.proposal});
      if (t.phase == Phase::committing && t.waited % cfg_.resend_ticks == 0) send_commits(id, t);
    }
    for (TxnId id : timed_out) abort(id);
  }

  // Replicated log: `commit` is what the log says was decided first for txn.
  void decided(TxnId id, bool commit) {
    if (!decisions_.emplace(id, commit).second) return;
    answer_waiting(id, commit);
    auto it = txns_.find(id);
    if (it == txns_.end()) return;
    if (commit)
      start_commit(id, it->second);
    else
      abort(id);
  }

  Output<CoordRecord> take() {
    Output<CoordRecord> o = std::move(out_);
    out_ = {};
    return o;
  }
  std::vector<std::pair<TxnId, bool>> take_proposals() { return std::exchange(proposals_, {}); }

 private:
  enum class Phase : std::uint8_t { collecting, deciding, committing };
  struct Txn {
    TxnId id = 0;
    Phase phase = Phase::collecting;
    NodeId client = no_node;
    std::vector<NodeId> participants;
    std::set<NodeId> yes;
    std::set<NodeId> acked;
    Values values;
    bool proposal = false;  // deciding: what we proposed
    int waited = 0;
  };

  void send(Message m) {
    m.from = id();
    out_.messages.push_back(std::move(m));
  }

  void on_begin(const Message& m) {
    // A duplicate: running, decided, or finished and forgotten (a late copy must not run it again).
    if (txns_.count(m.txn) || decisions_.count(m.txn) || finished_.count(m.txn)) return;
    Txn& t = txns_[m.txn];
    t.id = m.txn;
    t.client = m.from;
    for (const Piece& p : m.pieces) t.participants.push_back(p.participant);
    for (const Piece& p : m.pieces) {
      Message prepare = make_message(MsgType::prepare, p.participant, m.txn);
      prepare.participants = t.participants;
      prepare.writes = p.writes;
      prepare.read_all = p.read_all;
      send(std::move(prepare));
    }
  }

  void on_vote(const Message& m) {
    auto it = txns_.find(m.txn);
    if (it == txns_.end()) {
      // Presumed abort: no record means aborted. (Replicated: the log may know better; the participant will ask.)
      if (m.commit && !cfg_.replicated) send(make_message(MsgType::decision, m.from, m.txn, false));
      return;
    }
    Txn& t = it->second;
    if (t.phase != Phase::collecting) return;
    if (!m.commit) return decide(m.txn, t, false);
    if (!t.yes.insert(m.from).second) return;
    t.values.insert(t.values.end(), m.values.begin(), m.values.end());
    if (t.yes.size() == t.participants.size()) decide(m.txn, t, true);
  }

  void decide(TxnId id, Txn& t, bool commit) {
    if (cfg_.replicated) {
      t.phase = Phase::deciding;
      t.proposal = commit;
      t.waited = 0;
      proposals_.push_back({id, commit});
      return;
    }
    if (!commit) return abort(id);
    if (cfg_.decision_log) {
      out_.records.push_back({CoordRecordType::commit, id, t.participants});
      // The rule: the decision is durable before any Commit leaves.
      if (cfg_.bugs.commit_before_sync)
        unsynced_ = true;
      else
        out_.sync = true;
    }
    start_commit(id, t);
  }

  void start_commit(TxnId id, Txn& t) {
    t.phase = Phase::committing;
    t.waited = 0;
    send_commits(id, t);
    // The seed answers its client when its loop is done; the others once the decision is durable.
    if (!cfg_.sequential_commit) reply_client(t, true);
  }

  void send_commits(TxnId id, const Txn& t) {
    for (NodeId p : t.participants) {
      if (t.acked.count(p)) continue;
      send(make_message(MsgType::decision, p, id, true));
      if (cfg_.sequential_commit) break;  // the seed: one at a time, in order
    }
  }

  void abort(TxnId id) {
    auto it = txns_.find(id);
    if (it == txns_.end()) return;
    Txn& t = it->second;
    if (cfg_.replicated && !decisions_.count(id)) {  // even an abort goes through the log
      if (t.phase == Phase::collecting) decide(id, t, false);
      return;
    }
    for (NodeId p : t.participants) send(make_message(MsgType::decision, p, id, false));
    reply_client(t, false);
    finished_.insert(id);
    txns_.erase(it);
  }

  void reply_client(Txn& t, bool commit) {
    if (t.client == no_node) return;
    Message r = make_message(MsgType::result, t.client, t.id, commit);
    if (commit) r.values = t.values;
    send(std::move(r));
    t.client = no_node;
  }

  void on_ack(const Message& m) {
    auto it = txns_.find(m.txn);
    if (it == txns_.end() || it->second.phase != Phase::committing) return;
    Txn& t = it->second;
    t.acked.insert(m.from);
    if (t.acked.size() < t.participants.size()) {
      if (cfg_.sequential_commit) send_commits(m.txn, t);
      return;
    }
    reply_client(t, true);
    if (cfg_.decision_log && !cfg_.replicated) out_.records.push_back({CoordRecordType::end, m.txn, {}});
    finished_.insert(m.txn);
    txns_.erase(it);
  }

  void on_query(const Message& m) {
    if (cfg_.replicated) {
      if (auto d = decisions_.find(m.txn); d != decisions_.end()) return answer(m.from, m.txn, d->second);
      waiting_[m.txn].insert(m.from);
      // No decision in the log yet: propose abort; whichever decision the log holds first wins.
      auto it = txns_.find(m.txn);
      if (it == txns_.end() || it->second.phase == Phase::collecting) proposals_.push_back({m.txn, false});
      return;
    }
    auto it = txns_.find(m.txn);
    if (it != txns_.end()) {
      if (it->second.phase == Phase::committing) answer(m.from, m.txn, true);
      return;  // still collecting votes: the vote timeout will decide
    }
    // No record: presumed abort. The bug: a recovered coordinator presumes commit.
    answer(m.from, m.txn, cfg_.bugs.presume_commit && restarted_);
  }

  void answer(NodeId to, TxnId id, bool commit) { send(make_message(MsgType::reply, to, id, commit)); }
  void answer_waiting(TxnId id, bool commit) {
    auto w = waiting_.find(id);
    if (w == waiting_.end()) return;
    for (NodeId p : w->second) answer(p, id, commit);
    waiting_.erase(w);
  }

  Config cfg_;
  std::map<TxnId, Txn> txns_;
  std::map<TxnId, bool> decisions_;  // replicated: the log's decisions, applied in order
  // Transactions this incarnation finished. Volatile is enough: a Begin sent to
  // an earlier incarnation never reaches this one (a restart opens new sockets).
  std::set<TxnId> finished_;
  std::map<TxnId, std::set<NodeId>> waiting_;  // replicated: queries waiting for a decision
  std::vector<std::pair<TxnId, bool>> proposals_;
  bool restarted_ = false;
  bool unsynced_ = false;
  int unsynced_ticks_ = 0;
  Output<CoordRecord> out_;
};

}  // namespace gauntlet::twopc
