#pragma once
// Raft's safety properties (Figure 3 of the paper), checked while a run goes:
//
//   election safety       at most one leader per term
//   log matching          two logs with an entry of the same index and term agree on
//                         every entry up to it (and terms never decrease along a log)
//   leader completeness   a new leader's log holds every entry committed in an earlier term
//   state machine safety  no two nodes apply different entries at one index
//   monotonic state       within one incarnation a node's term and commit index
//                         never go back, and it applies entries in index order
//                         with no gap or repeat (across a crash the term may go
//                         back to what was synced: nothing acted on the rest)
//
// Each check returns a Violation: empty (false in a condition) when the property holds,
// else the property's name in `check` and a one-line description in `message`.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "impls/raft/node.hpp"

namespace gauntlet::raft::simulation {

struct Violation {
  std::string check;    // "election safety", ...
  std::string message;  // what exactly
  explicit operator bool() const { return !check.empty(); }
};

class Invariants {
 public:
  // A node has become leader of `term`.
  Violation on_leader(const Node& n) {
    auto [it, fresh] = leaders_.emplace(n.term(), n.id());
    if (!fresh && it->second != n.id())
      return {"election safety", "n" + std::to_string(it->second) + " and n" + std::to_string(n.id()) +
                                     " both lead term " + std::to_string(n.term())};
    // Leader completeness: an entry committed in an earlier term must be in the new
    // leader's log. A node applies an entry only in a term at or after the one it
    // was committed in, so `seen_in` bounds that term from above. (A leader of an
    // older term can still appear late, its votes delayed; it need not hold newer entries.)
    const Log& log = n.log();
    for (Index i = log.first_index(); i < applied_.size(); ++i) {
      const Applied& a = applied_[i];
      if (!a.known || a.seen_in >= n.term()) continue;
      if (i > log.last_index() || log.at(i).term != a.term || hash(log.at(i).command) != a.command)
        return {"leader completeness", "n" + std::to_string(n.id()) + " leads term " + std::to_string(n.term()) +
                                           " without entry " + std::to_string(i) + " (term " + std::to_string(a.term) +
                                           ") that n" + std::to_string(a.node) + " applied"};
    }
    return {};
  }

  // Node `node`, now in term `term`, applies entry e.
  Violation on_apply(int node, Term term, const Entry& e) {
    if (applied_.size() <= e.index) applied_.resize(e.index + 1);
    Applied& a = applied_[e.index];
    std::size_t h = hash(e.command);
    if (!a.known) {
      a = {true, node, e.term, h, term};
      return {};
    }
    a.seen_in = std::min(a.seen_in, term);
    if (a.term != e.term || a.command != h)
      return {"state machine safety", "at index " + std::to_string(e.index) + " n" + std::to_string(a.node) +
                                          " applied an entry of term " + std::to_string(a.term) + ", n" +
                                          std::to_string(node) + " one of term " + std::to_string(e.term)};
    return {};
  }

  // Node `node` (incarnation `incarnation`) after a step: term and commit
  // index only move forward within one incarnation.
  Violation on_progress(int node, std::uint32_t incarnation, Term term, Index commit) {
    if (progress_.size() <= static_cast<std::size_t>(node)) progress_.resize(static_cast<std::size_t>(node) + 1);
    Progress& p = progress_[static_cast<std::size_t>(node)];
    if (p.seen && p.incarnation == incarnation) {
      if (term < p.term)
        return {"monotonic state", "n" + std::to_string(node) + "'s term went back from " + std::to_string(p.term) +
                                       " to " + std::to_string(term)};
      if (commit < p.commit)
        return {"monotonic state", "n" + std::to_string(node) + "'s commit index went back from " +
                                       std::to_string(p.commit) + " to " + std::to_string(commit)};
    }
    p = {true, incarnation, term, commit};
    return {};
  }

  // Node `node` applies entry `index` after `applied`: exactly the next one.
  static Violation on_apply_order(int node, Index applied, Index index) {
    if (index == applied + 1) return {};
    return {"monotonic state", "n" + std::to_string(node) + " applied entry " + std::to_string(index) + " after " +
                                   std::to_string(applied) + " (out of order)"};
  }

  // Log matching between every pair of running nodes, and terms monotonic in each log.
  static Violation log_matching(const std::vector<const Node*>& nodes) {
    for (const Node* n : nodes) {
      const Log& log = n->log();
      Term prev = log.snapshot_term();
      for (Index i = log.first_index(); i <= log.last_index(); ++i) {
        if (log.at(i).term < prev)
          return {"log matching", "n" + std::to_string(n->id()) + "'s log has term " + std::to_string(log.at(i).term) +
                                      " at index " + std::to_string(i) + " after term " + std::to_string(prev)};
        prev = log.at(i).term;
      }
    }
    for (std::size_t x = 0; x < nodes.size(); ++x)
      for (std::size_t y = x + 1; y < nodes.size(); ++y)
        if (auto v = pair_matching(*nodes[x], *nodes[y])) return v;
    return {};
  }

 private:
  struct Applied {
    bool known = false;
    int node = -1;
    Term term = 0;
    std::size_t command = 0;
    Term seen_in = 0;  // the lowest term a node was in when it applied the entry
  };

  static std::size_t hash(const std::string& s) { return std::hash<std::string>{}(s); }

  static Violation pair_matching(const Node& a, const Node& b) {
    const Log& la = a.log();
    const Log& lb = b.log();
    Index lo = std::max(la.first_index(), lb.first_index());
    Index hi = std::min(la.last_index(), lb.last_index());
    // From the highest index where the terms agree, everything below must be identical.
    bool agreed = false;
    for (Index i = hi; i >= lo && i > 0; --i) {
      const Entry& ea = la.at(i);
      const Entry& eb = lb.at(i);
      if (!agreed && ea.term == eb.term) agreed = true;
      if (agreed && !(ea.term == eb.term && ea.command == eb.command))
        return {"log matching", "n" + std::to_string(a.id()) + " and n" + std::to_string(b.id()) +
                                    " agree on a later entry but differ at index " + std::to_string(i) + " (terms " +
                                    std::to_string(ea.term) + " and " + std::to_string(eb.term) + ")"};
    }
    return {};
  }

  struct Progress {
    bool seen = false;
    std::uint32_t incarnation = 0;
    Term term = 0;
    Index commit = 0;
  };

  std::unordered_map<Term, NodeId> leaders_;
  std::vector<Progress> progress_;
  std::vector<Applied> applied_;
};

}  // namespace gauntlet::raft::simulation
