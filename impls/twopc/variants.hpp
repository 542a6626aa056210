#pragma once
// The 2PC variants: each one Config over the same cores, named for the CLI,
// the verifier and the report. Each known-bad variant breaks exactly one rule
// of presumed abort (or, for the seed, keeps the seed's protocol as written).
#include <string_view>
#include <vector>

#include "registry/family.hpp"
#include "twopc/types.hpp"

namespace gauntlet::twopc {

struct Variant {
  std::string_view name;
  Kind kind;
  std::string_view description;
  Config config;
};

inline const std::vector<Variant>& variants() {
  static const std::vector<Variant> list = [] {
    auto with = [](auto change) {
      Config c;
      change(c);
      return c;
    };
    return std::vector<Variant>{
        {"seed", Kind::known_bad,
         "the seed's coordinator: no decision log, no recovery, no termination protocol, Commit one at a time",
         with([](Config& c) {
           c.decision_log = false;
           c.ask_coordinator = false;
           c.sequential_commit = true;
         })},
        {"presumed-abort", Kind::ours,
         "commit decision forced to the log before Commit; no record means abort; in-doubt participants ask",
         Config{}},
        {"cooperative-termination", Kind::ours,
         "presumed abort, and in-doubt participants also ask each other",
         with([](Config& c) { c.ask_peers = true; })},
        {"replicated-coordinator", Kind::ours,
         "decisions committed through the Raft core (3 coordinators): no single crash blocks",
         with([](Config& c) {
           c.replicated = true;
           c.decision_log = false;
         })},
        {"vote-before-sync", Kind::known_bad, "a participant votes yes before its prepare record is synced",
         with([](Config& c) { c.bug_vote_before_sync = true; })},
        {"commit-before-sync", Kind::known_bad, "the coordinator sends Commit before its decision is durable",
         with([](Config& c) { c.bug_commit_before_sync = true; })},
        {"abort-after-yes", Kind::known_bad, "a participant aborts on a timeout after voting yes",
         with([](Config& c) { c.bug_timeout_abort = true; })},
        {"presume-commit", Kind::known_bad,
         "a recovering coordinator presumes commit for a transaction it has no record of",
         with([](Config& c) { c.bug_presume_commit = true; })},
    };
  }();
  return list;
}

inline const Variant* find_variant(std::string_view name) {
  for (const Variant& v : variants())
    if (v.name == name) return &v;
  return nullptr;
}

}  // namespace gauntlet::twopc
