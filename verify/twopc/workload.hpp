#pragma once
// The bank workload (Jepsen's bank test, over 2PC): clients transfer between
// accounts held by different participants and read every account at once.
// A client waits for the coordinator's Result up to a timeout; an abort is a
// definite failure (the transfer is retried a few times, as a new operation),
// a timeout is an indeterminate outcome and is recorded as such.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "impls/twopc/types.hpp"
#include "verify/sim/sim.hpp"

namespace gauntlet::twopc::simulation {

struct HistoryOp {
  int client = 0;
  TxnId txn = 0;
  bool transfer = false;
  Account from = 0, to = 0;
  Balance amount = 0;
  sim::Time call = 0, ret = 0;
  bool done = false;           // a Result came back
  bool committed = false;      // ... saying commit
  bool indeterminate = false;  // timed out
  Values seen;                 // read: the balances
};

struct WorkloadOptions {
  int clients = 4;
  int accounts = 6;
  std::vector<NodeId> coordinators;      // a Begin goes to one; the next after a refusal or a timeout
  std::function<NodeId(Account)> owner;  // which participant holds an account
  double read_fraction = 0.25;
  Balance max_amount = 5;
  int retries = 2;                     // after an abort, the same transfer again
  sim::Time timeout = 1500 * sim::ms;  // longer than most faults last, so most outcomes are known
  sim::Time think = 20 * sim::ms;      // up to this between a client's operations
  sim::Time stop_at = 0;               // no new operation starts after this
};

class Workload {
 public:
  // send(client index, message): hands a Begin to the network from the client's endpoint.
  using Send = std::function<void(int client, const Message&)>;

  Workload(sim::EventQueue& events, sim::Rng& rng, WorkloadOptions opt, Send send)
      : events_(events), rng_(rng), opt_(std::move(opt)), send_(std::move(send)), clients_(opt_.clients) {
    for (int c = 0; c < opt_.clients; ++c) {
      clients_[c].retries_left = opt_.retries;
      events_.after(rng_.below(opt_.think) + 1, [this, c] { next(c); });
    }
  }

  void on_result(int client, const Message& m) {
    Client& cl = clients_[client];
    if (!cl.op || m.type != MsgType::result || history_[*cl.op].txn != m.txn) return;  // late or duplicate
    HistoryOp& op = history_[*cl.op];
    if (m.not_leader) follow(cl, m.leader_hint);
    op.ret = events_.now();
    op.done = true;
    op.committed = m.commit;
    op.seen = m.values;
    cl.op.reset();
    ++cl.generation;  // cancels the timeout
    bool retry = op.transfer && !op.committed && cl.retries_left-- > 0;
    if (!retry) cl.retries_left = opt_.retries;
    schedule_next(client, retry ? std::optional<HistoryOp>(op) : std::nullopt);
  }

  const std::vector<HistoryOp>& history() const { return history_; }
  // Transactions that write, and the participants they write at.
  const std::map<TxnId, std::vector<NodeId>>& transfers() const { return transfers_; }
  std::uint64_t indeterminate() const {
    std::uint64_t n = 0;
    for (const auto& op : history_) n += op.indeterminate;
    return n;
  }

 private:
  struct Client {
    std::optional<std::size_t> op;  // index in history_ while outstanding
    std::uint64_t seq = 0;
    std::uint64_t generation = 0;
    int retries_left = 0;
    std::size_t target = 0;  // index in opt_.coordinators
  };

  // To the hinted coordinator if there is one, else the next.
  void follow(Client& cl, NodeId hint) {
    auto it = std::find(opt_.coordinators.begin(), opt_.coordinators.end(), hint);
    cl.target = it != opt_.coordinators.end() ? static_cast<std::size_t>(it - opt_.coordinators.begin())
                                              : (cl.target + 1) % opt_.coordinators.size();
  }

  void schedule_next(int client, std::optional<HistoryOp> again) {
    events_.after(rng_.below(opt_.think) + 1, [this, client, again] { next(client, again); });
  }

  void next(int client, std::optional<HistoryOp> again = std::nullopt) {
    if (events_.now() >= opt_.stop_at) return;
    Client& cl = clients_[client];
    HistoryOp op = again ? *again : draw();
    op.client = client;
    op.txn = (static_cast<TxnId>(client + 1) << 32) | ++cl.seq;
    op.call = events_.now();
    op.done = op.committed = op.indeterminate = false;
    op.seen.clear();

    Message begin = make_message(MsgType::begin, no_node, op.txn);
    if (op.transfer) {
      begin.pieces = {{opt_.owner(op.from), {{op.from, -op.amount}}, false},
                      {opt_.owner(op.to), {{op.to, +op.amount}}, false}};
      transfers_[op.txn] = {opt_.owner(op.from), opt_.owner(op.to)};
    } else {
      std::set<NodeId> holders;  // a whole-bank read: every participant reads all it holds
      for (Account a = 0; a < opt_.accounts; ++a) holders.insert(opt_.owner(a));
      for (NodeId p : holders) begin.pieces.push_back({p, {}, true});
    }
    cl.op = history_.size();
    history_.push_back(op);
    begin.to = opt_.coordinators[cl.target];
    send_(client, begin);
    const std::uint64_t gen = ++cl.generation;
    events_.after(opt_.timeout, [this, client, gen] { time_out(client, gen); });
  }

  HistoryOp draw() {
    HistoryOp op;
    op.transfer = !rng_.chance(opt_.read_fraction);
    if (!op.transfer) return op;
    op.from = static_cast<Account>(rng_.below(opt_.accounts));
    do op.to = static_cast<Account>(rng_.below(opt_.accounts));
    while (opt_.owner(op.to) == opt_.owner(op.from));  // across participants: that is what needs 2PC
    op.amount = static_cast<Balance>(rng_.between(1, opt_.max_amount));
    return op;
  }

  void time_out(int client, std::uint64_t gen) {
    Client& cl = clients_[client];
    if (cl.generation != gen || !cl.op) return;
    HistoryOp& op = history_[*cl.op];
    op.indeterminate = true;
    op.ret = events_.now();
    cl.op.reset();
    follow(cl, no_node);
    cl.retries_left = opt_.retries;
    schedule_next(client, std::nullopt);
  }

  sim::EventQueue& events_;
  sim::Rng& rng_;
  WorkloadOptions opt_;
  Send send_;
  std::vector<Client> clients_;
  std::vector<HistoryOp> history_;
  std::map<TxnId, std::vector<NodeId>> transfers_;
};

}  // namespace gauntlet::twopc::simulation
