#pragma once
// The clients: each issues get / put / append / cas on a small key space, one
// operation at a time, and records a history the way Jepsen does.
//
// A request that gets no answer in time is retried at another node with the
// same (client, seq), so the cluster's sessions apply a retried write once.
// An operation still without a definite answer when the client gives up is
// recorded as indeterminate (it may or may not have taken effect) and the
// client continues as a new process, as a Jepsen process does after :info.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "verify/raft/packets.hpp"
#include "verify/sim/sim.hpp"

namespace gauntlet::raft::simulation {

struct HistoryOp {
  int process = 0;
  KvCommand command;
  KvResult result;
  sim::Time call = 0;
  sim::Time ret = 0;
  bool indeterminate = true;
};

class Workload {
 public:
  struct Options {
    int nodes = 5;
    int clients = 5;
    int ops_per_client = 400;
    int keys = 3;
    sim::Time think = 10 * sim::ms;     // pause between a client's operations: uniform in [0, think]
    sim::Time timeout = 150 * sim::ms;  // per attempt
    sim::Time give_up = 2 * sim::sec;   // per operation: then it is indeterminate
  };
  using Send = std::function<void(int client_endpoint, int node, ClientRequest&&)>;

  Workload(sim::EventQueue& events, sim::Rng& rng, Options opt, Send send)
      : events_(events), rng_(rng), opt_(opt), send_(std::move(send)), clients_(opt.clients) {
    for (int c = 0; c < opt_.clients; ++c) {
      clients_[c].process = c;
      clients_[c].target = static_cast<int>(rng_.below(opt_.nodes));
      events_.after(rng_.below(opt_.think) + 1, [this, c] { start_op(c); });
    }
  }

  bool finished() const { return finished_ == opt_.clients; }
  const std::vector<HistoryOp>& history() const { return history_; }
  std::uint64_t completed() const { return completed_; }
  std::uint64_t indeterminate() const { return indeterminate_; }
  // First definite answer to a write invoked at or after `t` (liveness).
  std::optional<sim::Time> first_write_after(sim::Time t) const {
    std::optional<sim::Time> best;
    for (const auto& op : history_)
      if (!op.indeterminate && op.command.op != KvOp::get && op.call >= t && (!best || op.ret < *best)) best = op.ret;
    return best;
  }

  void on_reply(int endpoint, ClientReply&& r) {
    int c = endpoint - opt_.nodes;
    Client& cl = clients_[c];
    if (!cl.busy || r.seq != cl.seq) return;  // an answer to an attempt already settled
    if (r.status == ClientReply::Status::ok) return complete(c, r.result);
    // Not the leader: try the hint, else the next node, after a short pause.
    cl.target = r.leader_hint >= 0 && r.leader_hint != cl.target ? r.leader_hint : (cl.target + 1) % opt_.nodes;
    std::uint64_t attempt = ++cl.attempt;
    events_.after(r.leader_hint >= 0 ? 1 * sim::ms : 10 * sim::ms, [this, c, attempt] {
      if (clients_[c].busy && clients_[c].attempt == attempt) send_attempt(c);
    });
  }

  // Ends the run for clients still waiting: their operations are indeterminate.
  void abandon_all() {
    for (int c = 0; c < opt_.clients; ++c)
      if (clients_[c].busy) give_up(c, false);
  }

 private:
  struct Client {
    int process = 0;
    std::uint64_t seq = 0;
    std::uint64_t attempt = 0;
    int target = 0;
    int done = 0;
    bool busy = false;
    std::size_t op = 0;             // index into history_
    std::vector<std::string> seen;  // last value read per key, for cas
  };

  void start_op(int c) {
    Client& cl = clients_[c];
    if (cl.done == opt_.ops_per_client) {
      ++finished_;
      return;
    }
    KvCommand cmd;
    cmd.client = static_cast<std::uint64_t>(c);
    cmd.seq = ++cl.seq;
    const auto key = rng_.below(opt_.keys);
    cmd.key = "k" + std::to_string(key);
    std::string fresh = std::to_string(c) + "." + std::to_string(cl.seq);
    cl.seen.resize(opt_.keys);
    std::string& seen = cl.seen[key];
    auto dice = rng_.below(10);
    if (dice < 4) {
      cmd.op = KvOp::get;
    } else if (dice < 6) {
      cmd.op = KvOp::put;
      cmd.value = fresh;
    } else if (dice < 8) {
      cmd.op = KvOp::append;
      cmd.value = "," + fresh;
    } else {
      cmd.op = KvOp::cas;
      cmd.expected = seen;
      cmd.value = fresh;
    }
    cl.busy = true;
    cl.attempt = 0;
    cl.op = history_.size();
    history_.push_back({cl.process, cmd, {}, events_.now(), 0, true});
    send_attempt(c);
  }

  void send_attempt(int c) {
    Client& cl = clients_[c];
    HistoryOp& op = history_[cl.op];
    if (events_.now() - op.call >= opt_.give_up) return give_up(c, true);
    std::uint64_t attempt = cl.attempt;
    send_(opt_.nodes + c, cl.target, ClientRequest{op.command, attempt});
    events_.after(opt_.timeout, [this, c, seq = cl.seq, attempt] {
      Client& cl = clients_[c];
      if (!cl.busy || cl.seq != seq || cl.attempt != attempt) return;
      cl.target = (cl.target + 1) % opt_.nodes;  // no answer: try another node
      ++cl.attempt;
      send_attempt(c);
    });
  }

  void complete(int c, const KvResult& r) {
    Client& cl = clients_[c];
    HistoryOp& op = history_[cl.op];
    op.result = r;
    op.ret = events_.now();
    op.indeterminate = false;
    if (op.command.op == KvOp::get) cl.seen[std::stoul(op.command.key.substr(1))] = r.value;
    ++completed_;
    next(c);
  }

  void give_up(int c, bool continue_after) {
    Client& cl = clients_[c];
    ++indeterminate_;
    cl.process += opt_.clients;  // a new process: the old one may still be "in" its operation
    if (continue_after)
      next(c);
    else
      cl.busy = false;
  }

  void next(int c) {
    Client& cl = clients_[c];
    cl.busy = false;
    ++cl.done;
    events_.after(rng_.below(opt_.think) + 1, [this, c] { start_op(c); });
  }

  sim::EventQueue& events_;
  sim::Rng& rng_;
  Options opt_;
  Send send_;
  std::vector<Client> clients_;
  std::vector<HistoryOp> history_;
  std::uint64_t completed_ = 0, indeterminate_ = 0;
  int finished_ = 0;
};

}  // namespace gauntlet::raft::simulation
