#pragma once
// The raft family's variants: configurations of one core, not classes.
// Each known-bad variant flips exactly one rule (see Config).
#include <optional>
#include <string_view>
#include <vector>

#include "raft/types.hpp"
#include "registry/family.hpp"

namespace gauntlet::raft {

struct Variant {
  std::string_view name;
  Kind kind;
  std::string_view description;
  std::string_view breaks;  // known-bad: the rule it breaks, and what should notice
  void (*configure)(Config&);
};

inline const std::vector<Variant>& variants() {
  static const std::vector<Variant> list = {
      {"basic", Kind::ours, "one entry per AppendEntries, one append in flight per follower (the seed's shape)", "",
       [](Config&) {}},
      {"batched", Kind::ours, "AppendEntries batched (up to 64 entries) and pipelined (up to 8 in flight)", "",
       [](Config& c) {
         c.max_entries_per_append = 64;
         c.max_inflight = 8;
       }},
      {"commit-old-term", Kind::known_bad, "commits a previous-term entry by counting replicas (Figure 8)",
       "Figure 8: an entry counted as committed is later overwritten", [](Config& c) { c.bug_commit_old_term = true; }},
      {"forget-vote", Kind::known_bad, "votedFor is not persisted: a restarted node votes twice in a term",
       "two leaders in one term", [](Config& c) { c.bug_forget_vote = true; }},
      {"vote-any-log", Kind::known_bad, "grants votes without the up-to-date-log check",
       "a leader without a committed entry", [](Config& c) { c.bug_vote_ignores_log = true; }},
      {"keep-conflicts", Kind::known_bad, "overwrites a conflicting entry but keeps the stale suffix after it",
       "logs that agree on an entry but not on what precedes it", [](Config& c) { c.bug_keep_conflicts = true; }},
      {"stale-reads", Kind::known_bad, "a leader serves reads without confirming it still leads",
       "a read that misses a committed write", [](Config& c) { c.bug_stale_reads = true; }},
      {"apply-uncommitted", Kind::known_bad, "entries are applied before they commit",
       "two nodes applying different entries at one index", [](Config& c) { c.bug_apply_uncommitted = true; }},
  };
  return list;
}

inline const Variant* find_variant(std::string_view name) {
  for (const auto& v : variants())
    if (v.name == name) return &v;
  return nullptr;
}

}  // namespace gauntlet::raft
