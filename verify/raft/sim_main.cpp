// gauntlet-sim-raft: runs the Raft family through the deterministic simulator.
//
//   gauntlet-sim-raft --variant NAME --seeds FIRST..LAST [--nemesis SPEC] [--history OUT]
//   gauntlet-sim-raft --variant NAME --seed S [--nemesis SPEC] [--history OUT]
//
// Exit 0: every run passed; 1: a violation (its seed, the property and the last
// events are printed); 3: bad arguments.
#include <cstdio>
#include <string>
#include <vector>

#include "verify/lincheck/json_history.hpp"
#include "verify/raft/sweep.hpp"
#include "verify/sim/cli.hpp"

using namespace gauntlet;
using namespace gauntlet::raft::simulation;

namespace {

constexpr int help_column = 17;  // where option descriptions start in --help

void usage() {
  std::printf(
      "usage: gauntlet-sim-raft --variant NAME (--seeds FIRST..LAST | --seed S) [--nemesis SPEC]\n"
      "                         [--ops N] [--history OUT] [--jobs N] [--shard K/N] [--json-out FILE]\n"
      "Runs 5-node Raft clusters under a seeded fault schedule, checks Raft's invariants while\n"
      "they run and the client history for linearizability (kv model) at the end.\n");
  std::vector<std::string> names;
  for (const auto& v : raft::variants()) names.emplace_back(v.name);
  sim::cli::help_variants(help_column, names);
  sim::cli::help_seeds_and_nemesis(help_column, "");
  sim::cli::help_jobs_and_shards(help_column);
  std::printf(
      "  --ops N          operations per client (5 clients; default 400)\n"
      "  --history OUT    write the client history (JSON, with fault annotations) of the failing\n"
      "                   run, or of the last run when all pass\n");
  sim::cli::help_exit();
}

void print_failure(const RunOutcome& r, const char* variant) {
  std::printf(
      "VIOLATION variant=%s seed=%llu check=\"%s\"\n  %s\n  nemesis: %s\n  replay: gauntlet-sim-raft --variant %s "
      "--seed %llu\n  last events:\n",
      variant, static_cast<unsigned long long>(r.seed), r.check.c_str(), r.message.c_str(), r.nemesis.c_str(), variant,
      static_cast<unsigned long long>(r.seed));
  for (const auto& e : r.trace) std::printf("    %s\n", sim::Trace::format(e).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const sim::cli::Parser parser("gauntlet-sim-raft");
  RunOptions opt;
  const sim::cli::SweepArgs args = parser.parse(
      argc, argv, usage, [](const std::string& name) { return raft::find_variant(name) != nullptr; },
      [&](const std::string& option, const sim::cli::Parser::Value& value) {
        if (option != "--ops") return false;
        opt.ops_per_client = static_cast<int>(parser.number(value(), "--ops"));
        if (opt.ops_per_client == 0) parser.bad_args("--ops must be at least 1");
        return true;
      });
  opt.variant = raft::find_variant(args.variant);
  opt.nemesis = args.nemesis;

  sim::cli::print_banner("raft", args);
  sim::cli::RunRows rows(parser, args.json_out);
  SweepSummary s = sweep(opt, args.plan(), [&](const RunOutcome& r) {
    rows.add(r.seed,
             "\"protocol\": \"raft\", \"variant\": " + sim::cli::json_string(args.variant) +
                 ", \"passed\": " + (r.passed ? "true" : "false") + ", \"check\": " + sim::cli::json_string(r.check) +
                 ", \"faults\": " + std::to_string(r.faults) + ", \"ops\": " + std::to_string(r.ops) +
                 ", \"indeterminate\": " + std::to_string(r.indeterminate) +
                 ", \"events\": " + std::to_string(r.events) + ", \"unchecked\": " + (r.unchecked ? "true" : "false"));
  });
  if (s.failure) print_failure(*s.failure, args.variant.c_str());
  std::printf(
      "runs=%llu faults=%llu operations=%llu indeterminate=%llu violations=%llu events=%llu unchecked=%llu\n"
      "time-to-leader after heal: p50=%.0fms p99=%.0fms max=%.0fms; time-to-recover: p50=%.0fms p99=%.0fms "
      "max=%.0fms\n",
      static_cast<unsigned long long>(s.runs), static_cast<unsigned long long>(s.faults),
      static_cast<unsigned long long>(s.ops), static_cast<unsigned long long>(s.indeterminate),
      static_cast<unsigned long long>(s.violations), static_cast<unsigned long long>(s.events),
      static_cast<unsigned long long>(s.unchecked), sim::percentile(s.time_to_leader_ms, 0.5),
      sim::percentile(s.time_to_leader_ms, 0.99), sim::percentile(s.time_to_leader_ms, 1.0),
      sim::percentile(s.time_to_recover_ms, 0.5), sim::percentile(s.time_to_recover_ms, 0.99),
      sim::percentile(s.time_to_recover_ms, 1.0));

  if (!args.history_out.empty() &&
      !sim::cli::save_history(parser, args, opt, s, run_once, lincheck::write_json_history))
    return sim::cli::exit_bad_args;
  return s.violations ? sim::cli::exit_violation : sim::cli::exit_passed;
}
