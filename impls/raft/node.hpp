#pragma once
// A Raft node as a pure state machine (the style of etcd's raft package).
//
// In:  tick() (the caller's clock), step(message), propose(command),
//      read_index(request), compact(index, data), campaign_now() (tests: an election without ticking).
// Out: ready(), handed out whole and then forgotten by the node. The caller must,
//      in this order: 1) persist ready.hard_state, ready.snapshot and ready.entries
//      (entries replace everything from ready.append_from on) and sync;
//      2) send ready.messages; 3) restore the state machine from ready.snapshot if
//      any, then apply ready.committed in order; 4) serve ready.reads once it has
//      applied their index.
// No threads, clocks, I/O or global randomness: the election timer's randomness
// comes from Config::random_seed. A restarted node is rebuilt from its disk with
// the Durable constructor argument.
//
// Mutation points: every read of Config::bugs, each breaking one rule (the
// known-bad variants of variants.hpp switch them on one at a time):
//   read_index()      bugs.stale_reads        a leader answers a read without a heartbeat round, so a
//                                             deposed leader that does not know it serves stale data
//   hard_state()      bugs.forget_vote        votedFor is never handed out for persisting: a restarted
//                                             node votes again in the same term (two leaders)
//   applicable()      bugs.apply_uncommitted  entries are handed out for applying as soon as they are
//                                             in the log, before a majority holds them
//   maybe_commit()    bugs.commit_old_term    an entry of an earlier term commits by counting replicas,
//                                             and a later leader can overwrite it (Figure 8)
//   on_vote()         bugs.vote_ignores_log   a vote goes to a candidate whose log is behind, which can
//                                             then lead without a committed entry
//   on_append()       bugs.keep_conflicts     a conflicting entry is overwritten in place and the stale
//                                             suffix after it survives (log matching breaks)
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "impls/raft/log.hpp"
#include "impls/raft/types.hpp"

namespace gauntlet::raft {

enum class Role : std::uint8_t { follower, candidate, leader };

// How a leader sends to one follower (etcd's progress states).
enum class ProgressState : std::uint8_t {
  probe,      // next is a guess: one append at a time until one is accepted
  replicate,  // next is past what was sent: up to max_inflight appends pipelined
  snapshot,   // next was compacted away: an InstallSnapshot is out, nothing else is sent
};

inline const char* progress_name(ProgressState s) {
  switch (s) {
    case ProgressState::probe:
      return "probe";
    case ProgressState::replicate:
      return "replicate";
    case ProgressState::snapshot:
      return "snapshot";
  }
  return "?";
}

// The leader's view of one follower. Every state change goes through the
// members below, and each ends by checking the state's invariants. A snapshot
// out is left on the follower's answer to it (replicate) or on an answered
// heartbeat (probe, which sends the snapshot again if next is still compacted).
struct Progress {
  Index match = 0;  // highest index known to be on the follower
  Index next = 1;   // the next index to send
  ProgressState state = ProgressState::probe;
  bool probe_sent = false;        // probe: an append is out, wait for its answer (or a heartbeat's)
  std::vector<Index> inflight{};  // replicate: last index of each append in flight, oldest first

  bool can_send(std::size_t max_inflight) const {
    return state != ProgressState::snapshot && !probe_sent && inflight.size() < max_inflight;
  }

  void become_probe(Index from) {
    state = ProgressState::probe;
    next = from;
    probe_sent = false;
    inflight.clear();
    check();
  }
  // A probe (or snapshot) was answered: from here on the follower's log is known to end at match.
  void become_replicate() {
    state = ProgressState::replicate;
    next = match + 1;
    probe_sent = false;
    inflight.clear();
    check();
  }
  void become_snapshot() {
    state = ProgressState::snapshot;
    probe_sent = false;
    inflight.clear();
    check();
  }

  // An append ending at `last` went out.
  void sent(Index last) {
    if (state == ProgressState::replicate) {
      next = last + 1;  // pipelining: assume it arrives, send the next batch without waiting
      inflight.push_back(last);
    } else {
      probe_sent = true;
    }
    check();
  }

  // The follower holds everything up to `index`; true when match moved.
  bool accepted(Index index) {
    bool advanced = index > match;
    if (advanced) match = index;
    next = std::max(next, index + 1);
    if (state != ProgressState::replicate) {
      become_replicate();
    } else {
      std::erase_if(inflight, [&](Index i) { return i <= index; });
      check();
    }
    return advanced;
  }

  // A heartbeat answer proves the follower reachable: what was waiting on a lost append may go again.
  void heartbeat_answered(std::size_t max_inflight) {
    switch (state) {
      case ProgressState::probe:
        probe_sent = false;
        break;
      // The snapshot may have been lost: probe again, which resends it while next stays compacted.
      case ProgressState::snapshot:
        become_probe(next);
        break;
      // A lost append would otherwise stall a full pipeline forever.
      case ProgressState::replicate:
        if (!inflight.empty() && inflight.size() >= max_inflight) inflight.erase(inflight.begin());
        break;
    }
    check();
  }

  void check() const {
    assert(match < next);
    if (state != ProgressState::replicate) {
      assert(inflight.empty());
      return;
    }
    assert(!probe_sent);
    // In flight: increasing, all past match, the newest the one just before next.
    assert(std::is_sorted(inflight.begin(), inflight.end()));
    assert(std::adjacent_find(inflight.begin(), inflight.end()) == inflight.end());
    assert(inflight.empty() || (inflight.front() > match && inflight.back() + 1 == next));
  }
};

struct Ready {
  std::optional<HardState> hard_state;
  std::optional<Snapshot> snapshot;
  Index append_from = 0;  // entries[0].index when entries is not empty
  std::vector<Entry> entries;
  std::vector<Message> messages;
  std::vector<Entry> committed;
  std::vector<ReadState> reads;
};

// What a node finds on its disk when it starts.
struct Durable {
  HardState hard_state;
  Snapshot snapshot;
  std::vector<Entry> entries;  // following the snapshot
};

class Node {
 public:
  explicit Node(Config cfg, const Durable& disk = {}) : cfg_(std::move(cfg)), rand_(cfg_.random_seed | 1) {
    term_ = disk.hard_state.term;
    vote_ = disk.hard_state.vote;
    log_.restore(disk.snapshot.index, disk.snapshot.term);
    snapshot_ = std::make_shared<const Snapshot>(disk.snapshot);
    for (const auto& e : disk.entries) log_.append(e);
    commit_ = applied_ = disk.snapshot.index;
    persisted_hs_ = disk.hard_state;
    progress_.resize(max_id() + 1);
    become_follower(term_, no_node);
  }

  // ---- queries ----
  NodeId id() const { return cfg_.id; }
  Role role() const { return role_; }
  bool is_leader() const { return role_ == Role::leader; }
  Term term() const { return term_; }
  NodeId leader() const { return leader_; }
  Index commit_index() const { return commit_; }
  Index applied_index() const { return applied_; }
  const Log& log() const { return log_; }
  const Config& config() const { return cfg_; }
  // The leader's view of follower p (meaningful while this node leads).
  const Progress& progress(NodeId p) const { return progress_[p]; }

  // ---- inputs ----
  void tick() {
    if (role_ == Role::leader) {
      if (++heartbeat_elapsed_ >= cfg_.heartbeat_ticks) {
        heartbeat_elapsed_ = 0;
        broadcast_heartbeat(0);
      }
      return;
    }
    if (++election_elapsed_ >= randomized_timeout_) return campaign();
    // A candidate retries its vote requests to those that have not answered (Raft 5.1).
    if (role_ == Role::candidate && ++heartbeat_elapsed_ >= cfg_.heartbeat_ticks) {
      heartbeat_elapsed_ = 0;
      request_votes();
    }
  }

  // Starts an election now, as if the election timer had fired; a leader ignores it.
  void campaign_now() {
    if (role_ != Role::leader) campaign();
  }

  // Appends a command if this node leads; returns its index, or 0.
  Index propose(std::string command) {
    if (role_ != Role::leader) return 0;
    append_local(std::move(command));
    broadcast_append();
    return log_.last_index();
  }

  // Starts a linearizable read (ReadIndex); false if this node cannot serve it now.
  bool read_index(std::uint64_t request) {
    if (role_ != Role::leader) return false;
    // Until an entry of its own term commits, a new leader does not know the commit index.
    if (log_.term(commit_) != term_) return false;
    if (cfg_.bugs.stale_reads || cfg_.nodes.size() == 1) {
      out_.reads.push_back({request, commit_});
      return true;
    }
    const std::uint64_t round = ++read_round_;
    pending_reads_.push_back({request, commit_, round});
    broadcast_heartbeat(round);
    return true;
  }

  // The state machine up to `index` (<= applied) is captured in `data`: drop those entries.
  void compact(Index index, std::string data) {
    if (index <= log_.snapshot_index() || index > applied_) return;
    Term t = *log_.term(index);
    log_.compact(index, t);
    snapshot_ = std::make_shared<const Snapshot>(Snapshot{index, t, std::move(data)});
  }
  const Snapshot& snapshot() const { return *snapshot_; }

  void step(const Message& m) {
    if (m.term > term_) {
      bool from_leader = m.type == MsgType::append || m.type == MsgType::heartbeat || m.type == MsgType::snapshot;
      become_follower(m.term, from_leader ? m.from : no_node);
    } else if (m.term < term_) {
      // A stale leader or candidate learns the new term from the answer.
      if (m.type == MsgType::append || m.type == MsgType::heartbeat || m.type == MsgType::snapshot)
        send({.type = MsgType::append_resp, .to = m.from, .index = m.index, .hint = log_.last_index(), .reject = true});
      else if (m.type == MsgType::vote)
        send({.type = MsgType::vote_resp, .to = m.from, .reject = true});
      return;
    }
    switch (m.type) {
      case MsgType::vote:
        on_vote(m);
        break;
      case MsgType::vote_resp:
        on_vote_resp(m);
        break;
      case MsgType::append:
        on_append(m);
        break;
      case MsgType::append_resp:
        on_append_resp(m);
        break;
      case MsgType::heartbeat:
        on_heartbeat(m);
        break;
      case MsgType::heartbeat_resp:
        on_heartbeat_resp(m);
        break;
      case MsgType::snapshot:
        on_snapshot(m);
        break;
    }
  }

  bool has_ready() const {
    return hard_state() != persisted_hs_ || pending_snapshot_ || unstable_from_ <= log_.last_index() ||
           !out_.messages.empty() || applicable() > applied_ || !out_.reads.empty();
  }

  Ready ready() {
    Ready rd = std::move(out_);
    out_ = Ready{};
    if (hard_state() != persisted_hs_) rd.hard_state = persisted_hs_ = hard_state();
    if (pending_snapshot_) {
      rd.snapshot = *pending_snapshot_;
      pending_snapshot_.reset();
    }
    if (unstable_from_ <= log_.last_index()) {
      rd.append_from = unstable_from_;
      rd.entries = log_.slice(unstable_from_, log_.last_index() + 1);
    }
    unstable_from_ = UINT64_MAX;
    Index upto = std::min(applicable(), log_.last_index());
    if (upto > applied_) {
      rd.committed = log_.slice(applied_ + 1, upto + 1);
      applied_ = upto;
    }
    return rd;
  }

 private:
  struct PendingRead {
    std::uint64_t request;
    Index index;
    std::uint64_t round;
  };

  HardState hard_state() const { return {term_, cfg_.bugs.forget_vote ? no_node : vote_}; }
  Index applicable() const { return cfg_.bugs.apply_uncommitted ? log_.last_index() : commit_; }
  std::size_t quorum() const { return cfg_.nodes.size() / 2 + 1; }
  NodeId max_id() const { return *std::max_element(cfg_.nodes.begin(), cfg_.nodes.end()); }

  std::uint64_t random() {
    rand_ ^= rand_ << 13;
    rand_ ^= rand_ >> 7;
    rand_ ^= rand_ << 17;
    return rand_;
  }

  void send(Message m) {
    m.from = id();
    m.term = term_;
    out_.messages.push_back(std::move(m));
  }

  void reset_timers() {
    election_elapsed_ = 0;
    heartbeat_elapsed_ = 0;
    randomized_timeout_ = cfg_.election_ticks + static_cast<int>(random() % cfg_.election_ticks);
  }

  void become_follower(Term term, NodeId leader) {
    if (term != term_) {
      term_ = term;
      vote_ = no_node;
    }
    role_ = Role::follower;
    leader_ = leader;
    pending_reads_.clear();
    read_acks_.clear();
    reset_timers();
  }

  void campaign() {
    term_ += 1;
    role_ = Role::candidate;
    vote_ = id();
    leader_ = no_node;
    votes_.assign(progress_.size(), 0);
    votes_[id()] = 1;
    reset_timers();
    if (cfg_.nodes.size() == 1) return become_leader();
    request_votes();
  }

  void request_votes() {
    for (NodeId p : cfg_.nodes)
      if (p != id() && votes_[p] == 0)
        send({.type = MsgType::vote, .to = p, .index = log_.last_index(), .log_term = log_.last_term()});
  }

  void become_leader() {
    role_ = Role::leader;
    leader_ = id();
    reset_timers();
    for (NodeId p : cfg_.nodes) {
      progress_[p] = Progress{};
      progress_[p].become_probe(log_.last_index() + 1);
    }
    append_local({});  // the no-op that lets earlier-term entries commit
    broadcast_append();
  }

  void append_local(std::string command) {
    Index i = log_.last_index() + 1;
    log_.append({term_, i, std::move(command)});
    unstable_from_ = std::min(unstable_from_, i);
    progress_[id()].match = i;
    progress_[id()].next = i + 1;
    maybe_commit();
  }

  void maybe_commit() {
    std::vector<Index> matches;
    for (NodeId p : cfg_.nodes) matches.push_back(progress_[p].match);
    std::sort(matches.begin(), matches.end(), std::greater<>());
    Index n = matches[quorum() - 1];  // replicated on a majority
    // Raft's rule: only an entry of the current term commits by counting; earlier ones commit with it.
    if (n > commit_ && (log_.term(n) == term_ || cfg_.bugs.commit_old_term)) commit_ = n;
  }

  void broadcast_append() {
    for (NodeId p : cfg_.nodes)
      if (p != id()) send_append(p);
  }

  void send_append(NodeId p) {
    Progress& pr = progress_[p];
    if (!pr.can_send(cfg_.max_inflight)) return;
    Index prev = pr.next - 1;
    auto prev_term = log_.term(prev);
    if (!prev_term) {  // compacted away: only a snapshot can bring this follower up to date
      Message m{.type = MsgType::snapshot, .to = p};
      m.snapshot = snapshot_;
      send(std::move(m));
      pr.become_snapshot();
      return;
    }
    auto entries = log_.slice(pr.next, log_.last_index() + 1, cfg_.max_entries_per_append);
    if (pr.state == ProgressState::replicate && entries.empty()) return;
    Index last = entries.empty() ? prev : entries.back().index;
    Message m{.type = MsgType::append, .to = p, .index = prev, .log_term = *prev_term, .commit = commit_};
    m.entries = std::move(entries);
    send(std::move(m));
    pr.sent(last);
  }

  void broadcast_heartbeat(std::uint64_t round) {
    for (NodeId p : cfg_.nodes)
      if (p != id())
        send({.type = MsgType::heartbeat, .to = p, .commit = std::min(progress_[p].match, commit_), .context = round});
  }

  void on_vote(const Message& m) {
    bool can_vote = vote_ == no_node || vote_ == m.from;
    bool up_to_date = m.log_term > log_.last_term() || (m.log_term == log_.last_term() && m.index >= log_.last_index());
    if (cfg_.bugs.vote_ignores_log) up_to_date = true;
    bool grant = role_ == Role::follower && can_vote && up_to_date;
    if (grant) {
      vote_ = m.from;
      election_elapsed_ = 0;
    }
    send({.type = MsgType::vote_resp, .to = m.from, .reject = !grant});
  }

  void on_vote_resp(const Message& m) {
    if (role_ != Role::candidate) return;
    votes_[m.from] = m.reject ? -1 : 1;
    std::size_t yes = std::count(votes_.begin(), votes_.end(), 1);
    std::size_t no = std::count(votes_.begin(), votes_.end(), -1);
    if (yes >= quorum())
      become_leader();
    else if (no >= quorum())
      become_follower(term_, no_node);
  }

  void on_append(const Message& m) {
    if (role_ != Role::follower) become_follower(term_, m.from);
    leader_ = m.from;
    election_elapsed_ = 0;
    if (m.index < commit_) {  // already committed here: the prefix matches by Log Matching
      send({.type = MsgType::append_resp, .to = m.from, .index = commit_});
      return;
    }
    if (log_.term(m.index) != m.log_term) {
      send({.type = MsgType::append_resp, .to = m.from, .index = m.index, .hint = log_.last_index(), .reject = true});
      return;
    }
    for (const Entry& e : m.entries) {
      if (e.index <= log_.snapshot_index()) continue;
      if (e.index <= log_.last_index()) {
        if (log_.term(e.index) == e.term) continue;
        unstable_from_ = std::min(unstable_from_, e.index);
        if (cfg_.bugs.keep_conflicts) {
          log_.overwrite(e);  // the bug: the stale entries after it survive
          continue;
        }
        log_.truncate_from(e.index);  // a conflict: this entry and all that follow it go
      }
      unstable_from_ = std::min(unstable_from_, e.index);
      log_.append(e);
    }
    Index last_new = m.index + m.entries.size();
    commit_ = std::max(commit_, std::min(m.commit, last_new));
    send({.type = MsgType::append_resp, .to = m.from, .index = last_new});
  }

  void on_append_resp(const Message& m) {
    if (role_ != Role::leader) return;
    Progress& pr = progress_[m.from];
    if (m.reject) {
      if (m.index <= pr.match) return;  // stale
      // Probe again from just past the follower's last entry, or one before the rejected one.
      pr.become_probe(std::max(pr.match + 1, std::min(m.index, m.hint + 1)));
      send_append(m.from);
      return;
    }
    if (pr.accepted(m.index)) maybe_commit();
    send_append(m.from);
  }

  void on_heartbeat(const Message& m) {
    if (role_ != Role::follower) become_follower(term_, m.from);
    leader_ = m.from;
    election_elapsed_ = 0;
    commit_ = std::max(commit_, std::min(m.commit, log_.last_index()));
    send({.type = MsgType::heartbeat_resp, .to = m.from, .context = m.context});
  }

  void on_heartbeat_resp(const Message& m) {
    if (role_ != Role::leader) return;
    Progress& pr = progress_[m.from];
    pr.heartbeat_answered(cfg_.max_inflight);
    if (pr.match < log_.last_index()) send_append(m.from);
    if (m.context) confirm_reads(m.from, m.context);
  }

  // A round is confirmed when a majority (self included) answered it or a later round.
  void confirm_reads(NodeId from, std::uint64_t round) {
    auto& acked = read_acks_[round];
    if (std::find(acked.begin(), acked.end(), from) != acked.end()) return;  // a duplicated answer counts once
    acked.push_back(from);
    if (acked.size() + 1 < quorum()) return;
    while (!pending_reads_.empty() && pending_reads_.front().round <= round) {
      out_.reads.push_back({pending_reads_.front().request, pending_reads_.front().index});
      pending_reads_.erase(pending_reads_.begin());
    }
    read_acks_.erase(read_acks_.begin(), read_acks_.upper_bound(round));
  }

  void on_snapshot(const Message& m) {
    if (role_ != Role::follower) become_follower(term_, m.from);
    leader_ = m.from;
    election_elapsed_ = 0;
    const Snapshot& s = *m.snapshot;
    if (s.index <= commit_) {
      send({.type = MsgType::append_resp, .to = m.from, .index = commit_});
      return;
    }
    bool keeps_suffix = log_.term(s.index) == s.term;
    log_.restore(s.index, s.term);
    snapshot_ = m.snapshot;
    commit_ = s.index;
    if (!keeps_suffix || applied_ < s.index) {
      applied_ = s.index;
      pending_snapshot_ = s;
      unstable_from_ = std::min(unstable_from_, s.index + 1);
    }
    send({.type = MsgType::append_resp, .to = m.from, .index = s.index});
  }

  Config cfg_;
  std::uint64_t rand_;
  Term term_ = 0;
  NodeId vote_ = no_node;
  Role role_ = Role::follower;
  NodeId leader_ = no_node;
  Log log_;
  Index commit_ = 0;
  Index applied_ = 0;
  int election_elapsed_ = 0;
  int heartbeat_elapsed_ = 0;
  int randomized_timeout_ = 0;
  std::vector<int> votes_;
  std::vector<Progress> progress_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::optional<Snapshot> pending_snapshot_;
  HardState persisted_hs_;
  Index unstable_from_ = UINT64_MAX;
  std::uint64_t read_round_ = 0;
  std::vector<PendingRead> pending_reads_;
  std::map<std::uint64_t, std::vector<NodeId>> read_acks_;
  Ready out_;
};

}  // namespace gauntlet::raft
