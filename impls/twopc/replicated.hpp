#pragma once
// The replicated coordinator: one member of a group of coordinators whose
// decisions are committed through the Raft core (impls/raft) as a replicated
// log of decisions, as Paxos Commit and Spanner do. The first decision the log
// holds for a transaction is the decision; any member that has applied it may
// answer a participant in doubt, and the leader proposes abort for a
// transaction the log does not know, so no single crash blocks anyone.
//
// In:  step(2PC message), step(Raft message), tick(). A member that does not
//      lead refuses a client's Begin (a Result with not_leader and a hint).
// Out: take(): Raft records to persist (then sync), then Raft and 2PC messages.
// A restarted member is rebuilt from its durable Raft records.
#include <optional>
#include <string>
#include <vector>

#include "impls/raft/node.hpp"
#include "impls/twopc/coordinator.hpp"

namespace gauntlet::twopc {

// What a member persists: Raft's hard state and log suffix, in Ready's terms.
struct RaftRecord {
  std::optional<raft::HardState> hard_state;
  raft::Index append_from = 0;  // entries replace everything from here on
  std::vector<raft::Entry> entries;
};

struct ReplicatedOutput {
  std::vector<RaftRecord> records;
  bool sync = false;
  std::vector<raft::Message> raft_messages;
  std::vector<Message> messages;
};

inline raft::Durable durable_from(const std::vector<RaftRecord>& log) {
  raft::Durable d;
  for (const RaftRecord& r : log) {
    if (r.hard_state) d.hard_state = *r.hard_state;
    if (r.entries.empty()) continue;
    d.entries.resize(r.append_from - 1);  // no snapshots: entry i sits at i - 1
    d.entries.insert(d.entries.end(), r.entries.begin(), r.entries.end());
  }
  return d;
}

inline std::string encode_decision(TxnId id, bool commit) { return (commit ? "C" : "A") + std::to_string(id); }
inline std::pair<TxnId, bool> decode_decision(const std::string& s) { return {std::stoull(s.substr(1)), s[0] == 'C'}; }

class ReplicatedCoordinator {
 public:
  ReplicatedCoordinator(Config cfg, std::uint64_t random_seed, const std::vector<RaftRecord>& log = {})
      : node_(raft_config(cfg, random_seed), durable_from(log)), coord_(with_replicated(cfg)) {}

  NodeId id() const { return coord_.id(); }
  bool is_leader() const { return node_.is_leader(); }
  const raft::Node& raft() const { return node_; }

  void step(const Message& m) {
    if (m.type == MsgType::begin && !node_.is_leader()) {  // refused: the client tries the leader
      Message r = make_message(MsgType::result, m.from, m.txn, false);
      r.from = id();
      r.not_leader = true;
      r.leader_hint = node_.leader();
      redirects_.push_back(std::move(r));
      return;
    }
    coord_.step(m);
  }
  void step(const raft::Message& m) { node_.step(m); }
  void tick() {
    node_.tick();
    coord_.tick();
  }

  ReplicatedOutput take() {
    ReplicatedOutput out;
    for (auto [txn, commit] : coord_.take_proposals())
      if (node_.is_leader()) node_.propose(encode_decision(txn, commit));  // the coordinator re-proposes on ticks
    while (node_.has_ready()) {
      raft::Ready rd = node_.ready();
      if (rd.hard_state || !rd.entries.empty()) {
        out.records.push_back({rd.hard_state, rd.append_from, std::move(rd.entries)});
        out.sync = true;
      }
      for (auto& m : rd.messages) out.raft_messages.push_back(std::move(m));
      for (const raft::Entry& e : rd.committed) {
        if (e.command.empty()) continue;  // a leader's no-op
        auto [txn, commit] = decode_decision(e.command);
        coord_.decided(txn, commit);
      }
      // Decisions may answer queries that need proposing again (a new leader's aborts).
      for (auto [txn, commit] : coord_.take_proposals())
        if (node_.is_leader()) node_.propose(encode_decision(txn, commit));
    }
    out.messages = coord_.take().messages;
    for (auto& r : redirects_) out.messages.push_back(std::move(r));
    redirects_.clear();
    return out;
  }

 private:
  static raft::Config raft_config(const Config& cfg, std::uint64_t seed) {
    raft::Config rc;
    rc.id = cfg.id;
    rc.nodes = cfg.coordinators;
    rc.random_seed = seed;
    rc.max_entries_per_append = 64;
    rc.max_inflight = 4;
    return rc;
  }
  static Config with_replicated(Config cfg) {
    cfg.replicated = true;
    return cfg;
  }

  raft::Node node_;
  Coordinator coord_;
  std::vector<Message> redirects_;
};

}  // namespace gauntlet::twopc
