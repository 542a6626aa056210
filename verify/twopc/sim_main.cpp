// gauntlet-sim-2pc: runs the two-phase-commit family through the deterministic simulator.
//
//   gauntlet-sim-2pc --variant NAME --seeds FIRST..LAST [--nemesis SPEC] [--history OUT]
//   gauntlet-sim-2pc --variant NAME --seed S [--nemesis SPEC] [--history OUT]
//
// Exit 0: every run passed; 1: a violation (its seed, the check and the events
// that led to it are printed); 3: bad arguments.
#include <cstdio>
#include <string>
#include <vector>

#include "verify/lincheck/json_history.hpp"
#include "verify/sim/cli.hpp"
#include "verify/twopc/sweep.hpp"

using namespace gauntlet;
using namespace gauntlet::twopc::simulation;

namespace {

constexpr int help_column = 19;  // where option descriptions start in --help

void usage() {
  std::printf(
      "usage: gauntlet-sim-2pc --variant NAME (--seeds FIRST..LAST | --seed S) [--nemesis SPEC]\n"
      "                        [--participants N] [--history OUT] [--jobs N] [--shard K/N] [--json-out FILE]\n"
      "Runs a bank over 3-5 two-phase-commit participants under a seeded fault schedule and checks,\n"
      "after the last fault heals and recovery settles: atomicity, conservation of every whole-bank\n"
      "read, no negative balance, linearizability (bank model) and that no participant is left in doubt.\n");
  std::vector<std::string> names;
  for (const auto& v : twopc::variants()) names.emplace_back(v.name);
  sim::cli::help_variants(help_column, names);
  sim::cli::help_seeds_and_nemesis(help_column, ". 'leader' is the coordinator.");
  sim::cli::help_jobs_and_shards(help_column);
  std::printf(
      "  --participants N   3 to 5 (default: drawn from each seed)\n"
      "  --history OUT      write the client history (JSON, bank model, fault annotations) of the\n"
      "                     failing run, or of the last run when all pass\n");
  sim::cli::help_exit();
}

void print_failure(const RunOutcome& r, const char* variant) {
  const Violation& v = r.violations.front();
  std::printf("VIOLATION variant=%s seed=%llu check=\"%s\"\n  %s\n", variant, static_cast<unsigned long long>(r.seed),
              v.check.c_str(), v.message.c_str());
  for (std::size_t i = 1; i < r.violations.size(); ++i)
    std::printf("  also %s: %s\n", r.violations[i].check.c_str(), r.violations[i].message.c_str());
  std::printf("  nemesis: %s (%d participants)\n  replay: gauntlet-sim-2pc --variant %s --seed %llu\n  events:\n",
              r.nemesis.c_str(), r.participants, variant, static_cast<unsigned long long>(r.seed));
  for (const auto& e : r.trace) std::printf("    %s\n", sim::Trace::format(e).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const sim::cli::Parser parser("gauntlet-sim-2pc");
  RunOptions opt;
  const sim::cli::SweepArgs args = parser.parse(
      argc, argv, usage, [](const std::string& name) { return twopc::find_variant(name) != nullptr; },
      [&](const std::string& option, const sim::cli::Parser::Value& value) {
        if (option != "--participants") return false;
        opt.participants = static_cast<int>(parser.number(value(), "--participants"));
        if (opt.participants < 3 || opt.participants > 5) parser.bad_args("--participants must be 3, 4 or 5");
        return true;
      });
  opt.variant = twopc::find_variant(args.variant);
  opt.nemesis = args.nemesis;

  sim::cli::print_banner("2pc", args);
  sim::cli::RunRows rows(parser, args.json_out);
  SweepSummary s = sweep(opt, args.plan(), {}, [&](const RunOutcome& r) {
    std::string checks;
    for (const auto& v : r.violations) checks += (checks.empty() ? "" : ", ") + sim::cli::json_string(v.check);
    rows.add(r.seed, "\"protocol\": \"2pc\", \"variant\": " + sim::cli::json_string(args.variant) +
                         ", \"passed\": " + (r.passed() ? "true" : "false") + ", \"violated\": [" + checks +
                         "], \"faults\": " + std::to_string(r.faults) + ", \"ops\": " + std::to_string(r.ops) +
                         ", \"indeterminate\": " + std::to_string(r.indeterminate) +
                         ", \"events\": " + std::to_string(r.events));
  });
  if (s.failure) print_failure(*s.failure, args.variant.c_str());
  std::printf(
      "runs=%llu faults=%llu operations=%llu indeterminate=%llu violations=%llu events=%llu\n"
      "liveness: in doubt after heal=%llu; yes votes blocked n=%zu p50=%.1fms p99=%.1fms max=%.1fms\n",
      static_cast<unsigned long long>(s.runs), static_cast<unsigned long long>(s.faults),
      static_cast<unsigned long long>(s.ops), static_cast<unsigned long long>(s.indeterminate),
      static_cast<unsigned long long>(s.violations), static_cast<unsigned long long>(s.events),
      static_cast<unsigned long long>(s.in_doubt_after_heal), s.blocked_ms.size(), sim::percentile(s.blocked_ms, 0.5),
      sim::percentile(s.blocked_ms, 0.99), sim::percentile(s.blocked_ms, 1.0));
  if (s.lincheck_unknown)
    std::printf("note: the linearizability checker ran out of time on %llu run(s)\n",
                static_cast<unsigned long long>(s.lincheck_unknown));

  if (!args.history_out.empty() &&
      !sim::cli::save_history(parser, args, opt, s, run_once, lincheck::write_json_history))
    return sim::cli::exit_bad_args;
  return s.violations ? sim::cli::exit_violation : sim::cli::exit_passed;
}
