#pragma once
// One simulated run: a 5-node cluster of one variant, clients, a nemesis, the
// invariants while it runs, liveness after the last fault heals, and the
// client history checked for linearizability at the end. Same seed, same run.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "impls/raft/variants.hpp"
#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/json_history.hpp"
#include "verify/lincheck/models/kv.hpp"
#include "verify/lincheck/raw_history.hpp"
#include "verify/raft/cluster.hpp"
#include "verify/raft/workload.hpp"
#include "verify/sim/sim.hpp"

namespace gauntlet::raft::simulation {

struct RunOptions {
  const Variant* variant = nullptr;
  std::uint64_t seed = 1;
  std::optional<sim::NemesisSpec> nemesis;  // none: drawn from the seed
  int nodes = 5;
  int clients = 5;
  int ops_per_client = 400;
  int keys = 3;
  sim::Time recovery_bound = 10 * sim::sec;  // liveness: commit again within this after the heal
  bool keep_history = false;
};

struct RunOutcome {
  std::uint64_t seed = 0;
  bool passed = true;
  std::string check;  // the violated property, when not passed
  std::string message;
  std::vector<sim::TraceEntry> trace;  // the last events, when not passed
  std::string nemesis;
  std::uint64_t events = 0, faults = 0, ops = 0, indeterminate = 0, messages = 0;
  std::optional<double> time_to_leader_ms, time_to_recover_ms;  // after the last fault healed
  bool unchecked = false;        // the linearizability checker gave up (timeout): neither passed nor failed
  lincheck::RawHistory history;  // kept when asked for
};

using KvModel = lincheck::models::Kv;

inline KvModel::Op to_lincheck(const HistoryOp& h) {
  KvModel::Op op;
  op.client = h.process;
  op.call = static_cast<std::int64_t>(h.call);
  op.ret = h.indeterminate ? lincheck::never : static_cast<std::int64_t>(h.ret);
  op.indeterminate = h.indeterminate;
  const KvCommand& c = h.command;
  op.input.key = c.key;
  switch (c.op) {
    case KvOp::get:
      op.input.kind = KvModel::Kind::get;
      break;
    case KvOp::put:
      op.input.kind = KvModel::Kind::put;
      op.input.value = c.value;
      break;
    case KvOp::append:
      op.input.kind = KvModel::Kind::append;
      op.input.value = c.value;
      break;
    case KvOp::cas:
      op.input.kind = KvModel::Kind::cas;
      op.input.value = c.expected;
      op.input.next = c.value;
      break;
  }
  op.output.value = h.result.value;
  op.output.ok = h.result.ok;
  return op;
}

class Run {
 public:
  explicit Run(const RunOptions& opt)
      : opt_(opt),
        world_(opt.seed, 256, opt.nemesis),
        cluster_(world_.events, world_.rng, world_.trace, cluster_options(opt),
                 [this](int endpoint, ClientReply&& r) { workload_->on_reply(endpoint, std::move(r)); }),
        nemesis_(world_.events, world_.rng, world_.trace, cluster_.net(), cluster_, world_.spec) {
    Workload::Options w;
    w.nodes = opt.nodes;
    w.clients = opt.clients;
    w.ops_per_client = opt.ops_per_client;
    w.keys = opt.keys;
    workload_.emplace(world_.events, world_.rng, w, [this](int from, int node, ClientRequest&& r) {
      cluster_.net().send(from, node, Packet{std::move(r)});
    });
    nemesis_.set_observer([this](sim::Time at, const char* kind, const std::string& text) {
      if (opt_.keep_history)
        outcome_.history.annotations.push_back({static_cast<std::int64_t>(at), {}, kind, text, {}});
    });
  }

  RunOutcome go() {
    outcome_.seed = opt_.seed;
    outcome_.nemesis = world_.spec.to_string();
    nemesis_.start(0);
    schedule_log_check();
    world_.events.at(nemesis_.healed_at(), [this] { probe(); });
    const sim::Time hard_stop = nemesis_.healed_at() + opt_.recovery_bound + 30 * sim::sec;
    world_.events.run_until(hard_stop, [this] { return stop(); });
    workload_->abandon_all();
    cluster_.check_log_matching();
    finish();
    return std::move(outcome_);
  }

 private:
  static Cluster::Options cluster_options(const RunOptions& opt) {
    Cluster::Options c;
    c.nodes = opt.nodes;
    c.clients = opt.clients;
    opt.variant->configure(c.base);
    return c;
  }

  bool stop() const {
    return cluster_.violation() || liveness_failed_ ||
           (workload_->finished() && outcome_.time_to_recover_ms && nemesis_.done());
  }

  void schedule_log_check() {
    world_.events.after(50 * sim::ms, [this] {
      cluster_.check_log_matching();
      if (!stop()) schedule_log_check();
    });
  }

  // Liveness after the heal: some node must lead with an entry of its own term
  // committed (time to leader), then commit a fresh entry (time to recover).
  void probe() {
    const sim::Time since = world_.events.now() - nemesis_.healed_at();
    if (since > opt_.recovery_bound) {
      liveness_failed_ = true;
      return;
    }
    auto l = cluster_.leader();
    const Node* n = l ? cluster_.node(*l) : nullptr;
    bool established = n && n->log().term(n->commit_index()) == n->term();
    if (!established) {
      probe_index_ = 0;
    } else if (!outcome_.time_to_leader_ms || probe_index_ == 0 || probe_term_ != n->term()) {
      if (!outcome_.time_to_leader_ms) outcome_.time_to_leader_ms = since / 1000.0;
      KvCommand c{probe_client, 0, KvOp::get, "probe", "", ""};
      probe_index_ = cluster_.propose_at(*l, c.encode());
      probe_term_ = n->term();
    } else if (n->commit_index() >= probe_index_) {
      outcome_.time_to_recover_ms = since / 1000.0;
      return;
    }
    world_.events.after(5 * sim::ms, [this] { probe(); });
  }

  void finish() {
    outcome_.events = world_.events.executed();
    outcome_.faults = nemesis_.injected();
    outcome_.ops = workload_->history().size();
    outcome_.indeterminate = workload_->indeterminate();
    outcome_.messages = cluster_.net().stats().sent;
    if (auto& v = cluster_.violation()) return fail(v->check, v->message);
    if (liveness_failed_)
      return fail("liveness", "no leader committed within " + std::to_string(opt_.recovery_bound / sim::ms) +
                                  " ms after the last fault healed");
    std::vector<KvModel::Op> ops;
    for (const auto& h : workload_->history()) ops.push_back(to_lincheck(h));
    if (opt_.keep_history) {
      auto raw = lincheck::to_raw_history<KvModel>(ops);
      outcome_.history.model = raw.model;
      outcome_.history.operations = std::move(raw.operations);
    }
    lincheck::CheckOptions co;
    co.threads = 1;
    co.timeout = std::chrono::seconds(20);
    co.compute_partial = false;
    auto r = lincheck::check<KvModel>(ops, co);
    outcome_.unchecked = r.verdict == lincheck::Verdict::unknown;
    if (r.verdict == lincheck::Verdict::not_linearizable) {
      std::string key;
      std::size_t n = 0;
      for (const auto& p : r.partitions)
        if (p.verdict == lincheck::Verdict::not_linearizable) {
          key = p.key;
          n = p.ops.size();
          break;
        }
      return fail("linearizability", "key " + key + " is not linearizable (" + std::to_string(n) + " operations)");
    }
  }

  void fail(std::string check, std::string message) {
    outcome_.passed = false;
    outcome_.check = std::move(check);
    outcome_.message = std::move(message);
    outcome_.trace = world_.trace.last(60);
  }

  static constexpr std::uint64_t probe_client = 1'000'000;

  RunOptions opt_;
  sim::World world_;
  Cluster cluster_;
  sim::Nemesis nemesis_;
  std::optional<Workload> workload_;
  RunOutcome outcome_;
  Index probe_index_ = 0;
  Term probe_term_ = 0;
  bool liveness_failed_ = false;
};

inline RunOutcome run_once(const RunOptions& opt) { return Run(opt).go(); }

}  // namespace gauntlet::raft::simulation
