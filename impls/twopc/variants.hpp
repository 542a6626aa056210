#pragma once
// The 2PC variants: each one Config over the same cores, named for the CLI,
// the verifier and the report. Each known-bad variant breaks exactly one rule
// of presumed abort (or, for the seed, keeps the seed's protocol as written).
#include <string_view>
#include <vector>

#include "impls/registry/registry.hpp"
#include "impls/twopc/types.hpp"

namespace gauntlet::twopc {

using Variant = ProtocolVariant<Config>;

inline const std::vector<Variant>& variants() {
  static const std::vector<Variant> list = {
      {"seed",
       Kind::known_bad,
       "the seed's coordinator: no decision log, no recovery, no termination protocol, Commit one at a time",
       "a coordinator crash leaves yes-voters blocked, and a crash between two Commits half-applies a transaction",
       {"atomicity", "blocked"},
       [](Config& c) {
         c.decision_log = false;
         c.ask_coordinator = false;
         c.sequential_commit = true;
       }},
      {"presumed-abort",
       Kind::ours,
       "commit decision forced to the log before Commit; no record means abort; in-doubt participants ask",
       "",
       {},
       [](Config&) {}},
      {"cooperative-termination",
       Kind::ours,
       "presumed abort, and in-doubt participants also ask each other",
       "",
       {},
       [](Config& c) { c.ask_peers = true; }},
      {"replicated-coordinator",
       Kind::ours,
       "decisions committed through the Raft core (3 coordinators): no single crash blocks",
       "",
       {},
       [](Config& c) {
         c.replicated = true;
         c.decision_log = false;
       }},
      {"vote-before-sync",
       Kind::known_bad,
       "a participant votes yes before its prepare record is synced",
       "a crash loses a yes vote the coordinator has counted: one side commits, the other aborts",
       {"atomicity"},
       [](Config& c) { c.bugs.vote_before_sync = true; }},
      {"commit-before-sync",
       Kind::known_bad,
       "the coordinator sends Commit before its decision is durable",
       "a recovered coordinator aborts what participants have committed",
       {"atomicity"},
       [](Config& c) { c.bugs.commit_before_sync = true; }},
      {"abort-after-yes",
       Kind::known_bad,
       "a participant aborts on a timeout after voting yes",
       "it aborts a transaction the others commit",
       {"atomicity"},
       [](Config& c) { c.bugs.timeout_abort = true; }},
      {"presume-commit",
       Kind::known_bad,
       "a recovering coordinator presumes commit for a transaction it has no record of",
       "in-doubt participants commit what others aborted",
       {"atomicity"},
       [](Config& c) { c.bugs.presume_commit = true; }},
  };
  return list;
}

inline const Variant* find_variant(std::string_view name) { return gauntlet::find_variant(variants(), name); }

}  // namespace gauntlet::twopc
