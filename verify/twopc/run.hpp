#pragma once
// One simulated run of a 2PC variant: 3-5 participants holding a bank, the
// coordinator(s), clients, a nemesis; then, after the last fault heals and a
// settling period for recovery, the checks:
//
//   atomicity            each transfer applied at all of its participants or at none
//   conservation         every committed whole-bank read sums to the initial total
//   no-negative-balance  no balance ever drops below zero (the workload forbids it)
//   linearizability      the client history, with the checker's `bank` model
//   blocked              no participant is still in doubt after healing and recovery
//
// and the liveness measurements: how long each yes vote waited for its
// decision, and how many transactions were left in doubt. Same seed, same run.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "impls/twopc/variants.hpp"
#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/json_history.hpp"
#include "verify/lincheck/models/bank.hpp"
#include "verify/sim/sim.hpp"
#include "verify/twopc/cluster.hpp"
#include "verify/twopc/ledger.hpp"
#include "verify/twopc/workload.hpp"

namespace gauntlet::twopc::simulation {

inline constexpr const char* check_names[] = {"atomicity",       "conservation", "no-negative-balance",
                                              "linearizability", "blocked",      "decision-final"};

struct RunOptions {
  const Variant* variant = nullptr;
  std::uint64_t seed = 1;
  std::optional<sim::NemesisSpec> nemesis;  // none: drawn from the seed
  int participants = 0;                     // 0: 3-5, drawn from the seed
  int clients = 4;
  sim::Time settle = 3 * sim::sec;  // recovery time after the last fault heals
  bool keep_history = false;
};

struct Violation {
  std::string check;
  std::string message;
};

struct RunOutcome {
  std::uint64_t seed = 0;
  std::vector<Violation> violations;   // in the order of check_names
  std::vector<sim::TraceEntry> trace;  // events leading to the first violation
  std::string nemesis;
  int participants = 0;
  std::uint64_t events = 0, faults = 0, ops = 0, indeterminate = 0, crashes = 0;
  std::uint64_t in_doubt_after_heal = 0;
  std::vector<double> blocked_ms;  // each yes vote's wait for its decision; still in doubt: until the end
  bool lincheck_unknown = false;   // the checker gave up (time budget): not counted as a violation
  lincheck::RawHistory history;    // kept when asked for
  bool passed() const { return violations.empty(); }
  bool violated(const std::string& check) const {
    for (const auto& v : violations)
      if (v.check == check) return true;
    return false;
  }
};

using BankModel = lincheck::models::Bank;

class Run {
 public:
  explicit Run(const RunOptions& opt)
      : opt_(opt),
        world_(opt.seed, 1 << 16, opt.nemesis),
        cluster_(
            world_.events, world_.rng, world_.trace, cluster_options(opt, world_.rng),
            [this](NodeId p, const Effect& e) { on_effect(p, e); },
            [this](int endpoint, const Message& m) { workload_->on_result(endpoint - cluster_.nodes(), m); }),
        nemesis_(world_.events, world_.rng, world_.trace, cluster_.net(), cluster_, world_.spec) {
    nemesis_.set_observer([this](sim::Time at, const char* kind, const std::string& text) {
      if (std::string(kind) == "crash") ++outcome_.crashes;
      if (opt_.keep_history)
        outcome_.history.annotations.push_back({static_cast<std::int64_t>(at), {}, kind, text, {}});
    });
    WorkloadOptions w;
    w.clients = opt.clients;
    w.accounts = cluster_.accounts();
    w.coordinators = cluster_.coordinator_ids();
    w.owner = [this](Account a) { return cluster_.owner(a); };
    w.stop_at = nemesis_healed_at();
    workload_.emplace(world_.events, world_.rng, w, [this](int client, const Message& m) {
      cluster_.send_from_client(cluster_.client_endpoint(client), m);
    });
  }

  RunOutcome go() {
    outcome_.seed = opt_.seed;
    outcome_.nemesis = world_.spec.to_string();
    outcome_.participants = cluster_.participants();
    nemesis_.start(0);
    world_.events.run_until(nemesis_healed_at() + opt_.settle);
    finish();
    return std::move(outcome_);
  }

 private:
  static ClusterOptions cluster_options(const RunOptions& opt, sim::Rng& rng) {
    ClusterOptions c;
    c.base = opt.variant->config();
    c.participants = opt.participants ? opt.participants : static_cast<int>(rng.between(3, 5));
    c.clients = opt.clients;
    return c;
  }

  // The nemesis schedules its faults in [0, window) and heals at the end of it.
  sim::Time nemesis_healed_at() const { return world_.spec.faults.empty() ? 2 * sim::sec : world_.spec.window; }

  void on_effect(NodeId p, const Effect& e) {
    ledger_.record(world_.events.now(), p, e);
    world_.trace.add(world_.events.now(),
                     e.type == EffectType::voted_yes   ? "effect voted-yes"
                     : e.type == EffectType::committed ? "effect committed"
                                                       : "effect aborted",
                     p, -1, e.txn, e.applied, "txn", "applied");
    if (e.type != EffectType::committed || !negative_.empty()) return;
    for (const auto& [account, balance] : cluster_.participant(p)->balances())
      if (balance < 0) {
        negative_ = "account " + std::to_string(account) + " at participant " + std::to_string(p) + " went to " +
                    std::to_string(balance) + " after transaction " + Ledger::describe_txn(e.txn);
        negative_trace_ = world_.trace.last(40);
      }
  }

  void finish() {
    outcome_.events = world_.events.executed();
    outcome_.faults = nemesis_.injected();
    outcome_.ops = workload_->history().size();
    outcome_.indeterminate = workload_->indeterminate();

    for (const auto& [txn, parts] : workload_->transfers()) {
      std::string why = ledger_.atomicity(txn, parts);
      if (why.empty()) continue;
      fail("atomicity", why, trace_of(txn));
      break;
    }
    check_conservation();
    if (!negative_.empty()) fail("no-negative-balance", negative_, negative_trace_);
    check_linearizable();
    outcome_.blocked_ms = ledger_.blocked_ms();
    check_blocked();
    if (!ledger_.decision_flip().empty()) fail("decision-final", ledger_.decision_flip(), world_.trace.last(40));
  }

  void check_conservation() {
    for (const HistoryOp& op : workload_->history()) {
      if (op.transfer || !op.committed) continue;
      Balance sum = 0;
      for (const auto& [a, b] : op.seen) sum += b;
      if (sum == cluster_.total() && static_cast<int>(op.seen.size()) == cluster_.accounts()) continue;
      fail("conservation",
           "client " + std::to_string(op.client) + "'s read at " + std::to_string(op.call / 1000) + "ms saw " +
               std::to_string(op.seen.size()) + " accounts summing to " + std::to_string(sum) + ", not " +
               std::to_string(cluster_.total()),
           trace_of(op.txn));
      return;
    }
  }

  void check_linearizable() {
    std::vector<BankModel::Op> ops;
    for (const HistoryOp& h : workload_->history()) {
      if (h.done && !h.committed) continue;  // aborted: did not happen
      if (!h.transfer && !h.done) continue;  // a read with no answer constrains nothing
      if (!h.transfer && h.seen.size() != static_cast<std::size_t>(cluster_.accounts())) continue;  // conservation's
      BankModel::Op op;
      op.client = h.client;
      op.call = static_cast<std::int64_t>(h.call);
      op.ret = h.done ? static_cast<std::int64_t>(h.ret) : lincheck::never;
      op.indeterminate = !h.done;
      op.input = {h.transfer, static_cast<std::uint8_t>(h.from), static_cast<std::uint8_t>(h.to), h.amount};
      op.output.seen.count = static_cast<std::uint8_t>(cluster_.accounts());
      for (const auto& [a, b] : h.seen) op.output.seen.balance[a] = b;
      ops.push_back(op);
    }
    BankModel model(std::vector<std::int64_t>(cluster_.accounts(), cluster_.options().initial_balance));
    if (opt_.keep_history) {
      auto raw = lincheck::to_raw_history<BankModel>(ops, model);
      outcome_.history.model = raw.model;
      outcome_.history.init = {
          {"balances", std::vector<std::int64_t>(cluster_.accounts(), cluster_.options().initial_balance)}};
      outcome_.history.operations = std::move(raw.operations);
    }
    lincheck::CheckOptions co;
    co.threads = 1;
    co.timeout = std::chrono::seconds(10);
    co.compute_partial = false;
    auto r = lincheck::check<BankModel>(ops, co, model);
    outcome_.lincheck_unknown = r.verdict == lincheck::Verdict::unknown;
    if (r.verdict == lincheck::Verdict::not_linearizable)
      fail("linearizability",
           "the client history (" + std::to_string(ops.size()) + " operations) is not linearizable with the bank model",
           world_.trace.last(40));
  }

  void check_blocked() {
    std::vector<std::pair<NodeId, TxnId>> stuck;
    for (NodeId p = 0; p < cluster_.participants(); ++p)
      if (const Participant* part = cluster_.participant(p))
        for (TxnId t : part->in_doubt()) stuck.emplace_back(p, t);
    outcome_.in_doubt_after_heal = stuck.size();
    for (auto [p, t] : stuck)
      if (const auto* s = ledger_.find(t, p); s && s->voted_yes)
        outcome_.blocked_ms.push_back((world_.events.now() - s->voted_at) / 1000.0);
    if (stuck.empty()) return;
    fail("blocked",
         std::to_string(stuck.size()) + " transaction(s) still in doubt " + std::to_string(opt_.settle / sim::ms) +
             "ms after the last fault healed, e.g. " + Ledger::describe_txn(stuck[0].second) + " at participant " +
             std::to_string(stuck[0].first),
         trace_of(stuck[0].second));
  }

  // The story of one transaction: its events from the first on, with the
  // faults in between (entries that name no transaction), at most 40.
  std::vector<sim::TraceEntry> trace_of(TxnId txn) const {
    std::vector<sim::TraceEntry> out;
    bool started = false;
    for (const auto& e : world_.trace.last(1 << 16)) {
      const bool ours = e.x_name != nullptr && e.x == txn;
      started = started || ours;
      if (started && (ours || e.x_name == nullptr)) out.push_back(e);
      if (out.size() == 40) break;
    }
    return out;
  }

  void fail(std::string check, std::string message, std::vector<sim::TraceEntry> trace) {
    if (outcome_.violations.empty()) outcome_.trace = std::move(trace);
    outcome_.violations.push_back({std::move(check), std::move(message)});
  }

  RunOptions opt_;
  sim::World world_;
  Cluster cluster_;
  sim::Nemesis nemesis_;
  std::optional<Workload> workload_;
  Ledger ledger_;
  std::string negative_;
  std::vector<sim::TraceEntry> negative_trace_;
  RunOutcome outcome_;
};

inline RunOutcome run_once(const RunOptions& opt) { return Run(opt).go(); }

}  // namespace gauntlet::twopc::simulation
