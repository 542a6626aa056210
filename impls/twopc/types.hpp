#pragma once
// Two-phase commit's vocabulary: transactions over bank accounts, the messages
// between clients, coordinator and participants, what each side persists, and
// the Config whose flags select a variant (the known-bad ones included).
#include <cstdint>
#include <utility>
#include <vector>

namespace gauntlet::twopc {

using NodeId = int;
using TxnId = std::uint64_t;
using Account = int;
using Balance = std::int64_t;
inline constexpr NodeId no_node = -1;

// One change a transaction makes at a participant: balance[account] += delta.
struct Write {
  Account account = 0;
  Balance delta = 0;
  bool operator==(const Write&) const = default;
};

// A transaction's part at one participant: its writes, or a read of every
// account the participant holds.
struct Piece {
  NodeId participant = no_node;
  std::vector<Write> writes;
  bool read_all = false;
};

using Values = std::vector<std::pair<Account, Balance>>;

enum class MsgType : std::uint8_t {
  begin,     // client -> coordinator: pieces
  result,    // coordinator -> client: commit (true: committed), values read, or not_leader
  prepare,   // coordinator -> participant: participants, writes/read_all
  vote,      // participant -> coordinator: commit = yes; values read
  decision,  // coordinator -> participant: commit or abort
  ack,       // participant -> coordinator: the commit is durable here
  query,     // in-doubt participant -> coordinator (or a peer): what was decided?
  reply,     // answer to a query: commit; only sent when the answer is known
};

inline const char* msg_name(MsgType t) {
  switch (t) {
    case MsgType::begin:
      return "Begin";
    case MsgType::result:
      return "Result";
    case MsgType::prepare:
      return "Prepare";
    case MsgType::vote:
      return "Vote";
    case MsgType::decision:
      return "Decision";
    case MsgType::ack:
      return "Ack";
    case MsgType::query:
      return "Query";
    case MsgType::reply:
      return "Reply";
  }
  return "?";
}

struct Message {
  MsgType type = MsgType::prepare;
  NodeId from = no_node;
  NodeId to = no_node;
  TxnId txn = 0;
  bool commit = false;
  std::vector<NodeId> participants;  // prepare
  std::vector<Write> writes;         // prepare
  bool read_all = false;             // prepare
  std::vector<Piece> pieces;         // begin
  Values values;                     // vote, result
  bool not_leader = false;           // result: this member of a replicated coordinator does not lead; nothing began
  NodeId leader_hint = no_node;      // ... and who it thinks does
};

// The short messages: a type, an addressee, a transaction and a yes/no.
inline Message make_message(MsgType type, NodeId to, TxnId txn, bool commit = false) {
  Message m;
  m.type = type;
  m.to = to;
  m.txn = txn;
  m.commit = commit;
  return m;
}

// A participant's log.
enum class PartRecordType : std::uint8_t { prepared, committed, aborted };
struct PartRecord {
  PartRecordType type = PartRecordType::prepared;
  TxnId txn = 0;
  std::vector<NodeId> participants;  // prepared: whom to ask when in doubt
  std::vector<Write> writes;         // prepared: what a commit applies
  bool read_all = false;             // prepared: which locks to take again on recovery
};

// A coordinator's log (presumed abort: only commits are logged).
enum class CoordRecordType : std::uint8_t { commit, end };
struct CoordRecord {
  CoordRecordType type = CoordRecordType::commit;
  TxnId txn = 0;
  std::vector<NodeId> participants;
};

// What a participant did, for whoever watches (the simulator's checks, the
// benchmark's latency clock). `applied`: the commit changed balances here (false
// for a Commit of a transaction this participant has no prepare record of).
enum class EffectType : std::uint8_t { voted_yes, committed, aborted };
struct Effect {
  EffectType type = EffectType::voted_yes;
  TxnId txn = 0;
  bool applied = false;
};

// What a core hands out after an input. The caller, in this order: writes
// `records` to its log, syncs the log if `sync`, then sends `messages`.
template <class Record>
struct Output {
  std::vector<Record> records;
  bool sync = false;
  std::vector<Message> messages;
  std::vector<Effect> effects;
};

// A variant is one Config: each flag switches one rule.
struct Config {
  NodeId id = 0;
  std::vector<NodeId> coordinators;  // where an in-doubt participant asks

  bool decision_log = true;        // the coordinator forces its commit decision before sending Commit,
                                   // and a recovering one redoes phase two from that log
  bool ask_coordinator = true;     // an in-doubt participant asks the coordinator (termination protocol)
  bool ask_peers = false;          // ... and the other participants (cooperative termination)
  bool replicated = false;         // the decision goes through a replicated log (raft) instead of a local one
  bool sequential_commit = false;  // the seed's loop: Commit to one participant, wait for its ack, then the next

  // Known-bad switches, all in one place: each breaks exactly one rule, and
  // `cfg_.bugs.` finds every line of the cores that reads one.
  struct Bugs {
    bool vote_before_sync = false;    // vote yes while the prepare record is still unsynced
    bool commit_before_sync = false;  // send Commit while the decision is still unsynced
    bool timeout_abort = false;       // a participant that voted yes aborts on a timeout
    bool presume_commit = false;      // a recovered coordinator answers "commit" for a transaction it has no record of
  } bugs;

  int vote_timeout_ticks = 10;  // coordinator: abort when votes are missing this long
  int resend_ticks = 5;         // coordinator: resend Commit to participants that have not acked
  int ask_ticks = 5;            // participant: ask again while in doubt
  int give_up_ticks = 20;       // participant with bugs.timeout_abort: abort after this long in doubt
  int lazy_sync_ticks = 100;    // with bugs.*_before_sync: the log is flushed this often instead
};

}  // namespace gauntlet::twopc
