#pragma once
// Raft's vocabulary: entries, persistent state, snapshots, messages, and the
// Config whose flags select a variant (including the known-bad ones).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gauntlet::raft {

using NodeId = int;
using Term = std::uint64_t;
using Index = std::uint64_t;
inline constexpr NodeId no_node = -1;

// A log entry carries an opaque command; an empty command is the leader's no-op.
struct Entry {
  Term term = 0;
  Index index = 0;
  std::string command;
  bool operator==(const Entry&) const = default;
};

// What must be on disk before any message that depends on it is sent.
struct HardState {
  Term term = 0;
  NodeId vote = no_node;
  bool operator==(const HardState&) const = default;
};

// The state machine up to `index`, replacing log entries 1..index.
struct Snapshot {
  Index index = 0;
  Term term = 0;
  std::string data;
};

enum class MsgType : std::uint8_t {
  vote,         // index/log_term: candidate's last entry
  vote_resp,    // reject: vote denied
  append,       // index/log_term: entry preceding `entries`; commit: leader's commit
  append_resp,  // index: last entry now known to match (or, if reject, the rejected prev index); hint: follower's last
  heartbeat,    // commit: what the follower may commit; context: ReadIndex round
  heartbeat_resp,  // context: echoed
  snapshot,        // snapshot: the leader's, for a follower whose next entry was compacted away
};

inline const char* msg_name(MsgType t) {
  switch (t) {
    case MsgType::vote:
      return "Vote";
    case MsgType::vote_resp:
      return "VoteResp";
    case MsgType::append:
      return "AppendEntries";
    case MsgType::append_resp:
      return "AppendResp";
    case MsgType::heartbeat:
      return "Heartbeat";
    case MsgType::heartbeat_resp:
      return "HeartbeatResp";
    case MsgType::snapshot:
      return "InstallSnapshot";
  }
  return "?";
}

struct Message {
  MsgType type = MsgType::append;
  NodeId from = no_node;
  NodeId to = no_node;
  Term term = 0;
  Index index = 0;
  Term log_term = 0;
  Index commit = 0;
  Index hint = 0;
  bool reject = false;
  std::uint64_t context = 0;
  std::vector<Entry> entries{};
  std::shared_ptr<const Snapshot> snapshot{};
};

// A linearizable read may be served once the state machine has applied `index`.
struct ReadState {
  std::uint64_t request = 0;
  Index index = 0;
};

struct Config {
  NodeId id = 0;
  std::vector<NodeId> nodes;  // every member, this one included
  int election_ticks = 10;    // follower timeout drawn from [election_ticks, 2 * election_ticks)
  int heartbeat_ticks = 1;
  std::uint64_t random_seed = 1;           // the node's randomness comes in here
  std::size_t max_entries_per_append = 1;  // basic: 1; batched: many
  std::size_t max_inflight = 1;            // appends in flight per follower (pipelining when > 1)

  // Known-bad switches, all in one place: each breaks exactly one rule of
  // Raft, and `cfg_.bugs.` finds every line of node.hpp that reads one.
  struct Bugs {
    bool commit_old_term = false;    // commit a previous-term entry by counting replicas (Figure 8)
    bool forget_vote = false;        // votedFor is not persisted
    bool vote_ignores_log = false;   // grant votes without the up-to-date-log check
    bool keep_conflicts = false;     // overwrite a conflicting entry but keep the stale suffix after it
    bool stale_reads = false;        // serve reads without confirming leadership
    bool apply_uncommitted = false;  // hand out entries for applying before they commit
  } bugs;
};

}  // namespace gauntlet::raft
