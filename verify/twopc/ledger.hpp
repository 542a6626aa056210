#pragma once
// The ledger: what every participant did with every transaction, as its
// effects said (voted yes, committed, aborted), and when. The atomicity check
// and the blocking-time measurements read it.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "impls/twopc/types.hpp"
#include "verify/sim/sim.hpp"

namespace gauntlet::twopc::simulation {

class Ledger {
 public:
  struct Status {
    bool voted_yes = false;
    bool committed = false;
    bool applied = false;  // the commit changed balances (it had the prepare record)
    bool aborted = false;
    sim::Time voted_at = 0;
    sim::Time resolved_at = 0;
  };

  void record(sim::Time now, NodeId participant, const Effect& e) {
    Status& s = status_[{e.txn, participant}];
    // A participant's decision is final: once it committed or aborted a
    // transaction, the other outcome for it must never follow.
    const bool flips = (e.type == EffectType::committed && s.aborted) || (e.type == EffectType::aborted && s.committed);
    if (flips && flip_.empty())
      flip_ = "participant " + std::to_string(participant) + " " +
              (e.type == EffectType::committed ? "committed" : "aborted") + " transaction " + describe_txn(e.txn) +
              " after it had " + (s.committed ? "committed" : "aborted") + " it";
    switch (e.type) {
      case EffectType::voted_yes:
        s.voted_yes = true;
        s.voted_at = now;
        break;
      case EffectType::committed:
        s.committed = true;
        s.applied = s.applied || e.applied;
        s.resolved_at = now;
        break;
      case EffectType::aborted:
        s.aborted = true;
        s.resolved_at = now;
        break;
    }
    if (e.type != EffectType::voted_yes && s.voted_yes) blocked_ms_.push_back((now - s.voted_at) / 1000.0);
  }

  const Status* find(TxnId txn, NodeId participant) const {
    auto it = status_.find({txn, participant});
    return it == status_.end() ? nullptr : &it->second;
  }

  // How long each yes vote waited for its decision (ms), decided ones only.
  const std::vector<double>& blocked_ms() const { return blocked_ms_; }

  // Atomicity of one transaction: applied at all of `participants` or at none.
  // Returns an explanation when broken, empty when it holds.
  // The first decision that changed, or empty.
  const std::string& decision_flip() const { return flip_; }

  std::string atomicity(TxnId txn, const std::vector<NodeId>& participants) const {
    std::vector<NodeId> applied, not_applied;
    for (NodeId p : participants) {
      const Status* s = find(txn, p);
      (s && s->applied ? applied : not_applied).push_back(p);
    }
    if (applied.empty() || not_applied.empty()) return {};
    std::string why = "transaction " + describe_txn(txn) + " applied at participant " + std::to_string(applied[0]);
    for (NodeId p : not_applied) why += ", not at participant " + std::to_string(p) + " (" + state_of(txn, p) + ")";
    return why;
  }

  std::string state_of(TxnId txn, NodeId p) const {
    const Status* s = find(txn, p);
    if (!s) return "never prepared";
    if (s->committed) return s->applied ? "committed" : "committed without its prepare record";
    if (s->aborted) return "aborted";
    if (s->voted_yes) return "in doubt";
    return "never prepared";
  }

  static std::string describe_txn(TxnId txn) {
    return std::to_string(txn) + " (client " + std::to_string((txn >> 32) - 1) + ", #" +
           std::to_string(txn & 0xffffffffu) + ")";
  }

 private:
  std::map<std::pair<TxnId, NodeId>, Status> status_;
  std::vector<double> blocked_ms_;
  std::string flip_;
};

}  // namespace gauntlet::twopc::simulation
