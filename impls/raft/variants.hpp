#pragma once
// The raft family's variants: configurations of one core (node.hpp), in the
// registry's shape (gauntlet::ProtocolVariant). Each known-bad variant switches on
// exactly one entry of Config::bugs and names the checks that must catch it.
#include <string_view>
#include <vector>

#include "impls/raft/types.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::raft {

using Variant = ProtocolVariant<Config>;

inline const std::vector<Variant>& variants() {
  static const std::vector<Variant> list = {
      {"basic",
       Kind::ours,
       "one entry per AppendEntries, one append in flight per follower (the seed's shape)",
       "",
       {},
       [](Config&) {}},
      {"batched",
       Kind::ours,
       "AppendEntries batched (up to 64 entries) and pipelined (up to 8 in flight)",
       "",
       {},
       [](Config& c) {
         c.max_entries_per_append = 64;
         c.max_inflight = 8;
       }},
      {"commit-old-term",
       Kind::known_bad,
       "commits a previous-term entry by counting replicas (Figure 8)",
       "Figure 8: an entry counted as committed is later overwritten",
       {"sim-nemesis"},
       [](Config& c) { c.bugs.commit_old_term = true; }},
      {"forget-vote",
       Kind::known_bad,
       "votedFor is not persisted: a restarted node votes twice in a term",
       "two leaders in one term",
       {"sim-nemesis"},
       [](Config& c) { c.bugs.forget_vote = true; }},
      {"vote-any-log",
       Kind::known_bad,
       "grants votes without the up-to-date-log check",
       "a leader without a committed entry",
       {"sim-nemesis"},
       [](Config& c) { c.bugs.vote_ignores_log = true; }},
      {"keep-conflicts",
       Kind::known_bad,
       "overwrites a conflicting entry but keeps the stale suffix after it",
       "logs that agree on an entry but not on what precedes it",
       {"sim-nemesis"},
       [](Config& c) { c.bugs.keep_conflicts = true; }},
      {"stale-reads",
       Kind::known_bad,
       "a leader serves reads without confirming it still leads",
       "a read that misses a committed write",
       {"sim-nemesis"},
       [](Config& c) { c.bugs.stale_reads = true; }},
      {"apply-uncommitted",
       Kind::known_bad,
       "entries are applied before they commit",
       "two nodes applying different entries at one index",
       {"sim-nemesis"},
       [](Config& c) { c.bugs.apply_uncommitted = true; }},
  };
  return list;
}

inline const Variant* find_variant(std::string_view name) { return gauntlet::find_variant(variants(), name); }

}  // namespace gauntlet::raft
