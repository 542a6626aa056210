// gauntlet-sim-raft: runs the Raft family through the deterministic simulator.
//
//   gauntlet-sim-raft --variant NAME --seeds FIRST..LAST [--nemesis SPEC] [--history OUT]
//   gauntlet-sim-raft --variant NAME --seed S [--nemesis SPEC] [--history OUT]
//
// Exit 0: every run passed; 1: a violation (its seed, the property and the last
// events are printed); 3: bad arguments.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "lincheck/json_history.hpp"
#include "raft/sweep.hpp"

using namespace gauntlet;
using namespace gauntlet::raft::verify;

namespace {

[[noreturn]] void bad_args(const std::string& msg) {
  std::fprintf(stderr, "gauntlet-sim-raft: %s (try --help)\n", msg.c_str());
  std::exit(3);
}

void usage() {
  std::printf(
      "usage: gauntlet-sim-raft --variant NAME (--seeds FIRST..LAST | --seed S) [--nemesis SPEC]\n"
      "                         [--ops N] [--history OUT]\n"
      "Runs 5-node Raft clusters under a seeded fault schedule, checks Raft's invariants while\n"
      "they run and the client history for linearizability (kv model) at the end.\n"
      "  --variant NAME   one of:");
  for (const auto& v : raft::variants()) std::printf(" %s", std::string(v.name).c_str());
  std::printf(
      "\n  --seeds A..B     run seeds A to B (default 1..100); --seed S runs one seed\n"
      "  --nemesis SPEC   faults, e.g. 'crash,leader,every=200' (kinds: halves minority bridge\n"
      "                   leader crash lossy all none; settings every= heal= window= in ms);\n"
      "                   default: drawn from each seed\n"
      "  --ops N          operations per client (5 clients; default 400)\n"
      "  --history OUT    write the client history (JSON, with fault annotations) of the failing\n"
      "                   run, or of the last run when all pass\n"
      "Exit: 0 all runs passed, 1 a violation, 3 bad arguments. GAUNTLET_SEED=S is --seed S.\n");
}

std::uint64_t number(const std::string& text, const char* what) {
  char* end = nullptr;
  if (text.empty() || text[0] == '-') bad_args(std::string(what) + " must be a non-negative integer, not '" + text + "'");
  unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (*end != '\0') bad_args(std::string(what) + " must be a non-negative integer, not '" + text + "'");
  return v;
}

void print_failure(const RunOutcome& r, const char* variant) {
  std::printf("VIOLATION variant=%s seed=%llu check=\"%s\"\n  %s\n  nemesis: %s\n  replay: gauntlet-sim-raft --variant %s --seed %llu\n  last events:\n",
              variant, static_cast<unsigned long long>(r.seed), r.check.c_str(), r.message.c_str(),
              r.nemesis.c_str(), variant, static_cast<unsigned long long>(r.seed));
  for (const auto& e : r.trace) std::printf("    %s\n", sim::Trace::format(e).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  RunOptions opt;
  std::string variant_name, history_out;
  std::uint64_t first = 1, last = 100;
  bool have_seeds = false, have_seed = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) bad_args("option " + a + " needs a value");
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      usage();
      return 0;
    } else if (a == "--variant") {
      variant_name = value();
    } else if (a == "--seeds") {
      std::string v = value();
      auto dots = v.find("..");
      if (dots == std::string::npos) bad_args("--seeds wants FIRST..LAST, not '" + v + "'");
      first = number(v.substr(0, dots), "--seeds FIRST");
      last = number(v.substr(dots + 2), "--seeds LAST");
      if (last < first) bad_args("--seeds: LAST is smaller than FIRST");
      have_seeds = true;
    } else if (a == "--seed") {
      first = last = number(value(), "--seed");
      have_seed = true;
    } else if (a == "--nemesis") {
      std::string err;
      auto spec = sim::NemesisSpec::parse(value(), err);
      if (!spec) bad_args(err);
      opt.nemesis = *spec;
    } else if (a == "--ops") {
      opt.ops_per_client = static_cast<int>(number(value(), "--ops"));
      if (opt.ops_per_client == 0) bad_args("--ops must be at least 1");
    } else if (a == "--history") {
      history_out = value();
    } else {
      bad_args("unknown argument '" + a + "'");
    }
  }
  if (variant_name.empty()) bad_args("--variant is required");
  opt.variant = raft::find_variant(variant_name);
  if (!opt.variant) bad_args("unknown variant '" + variant_name + "'");
  if (have_seeds && have_seed) bad_args("give --seeds or --seed, not both");
  if (!have_seeds && !have_seed)
    if (const char* env = std::getenv("GAUNTLET_SEED")) first = last = number(env, "GAUNTLET_SEED");

  std::printf("raft sim: variant=%s seeds=%llu..%llu nemesis=%s\n", variant_name.c_str(),
              static_cast<unsigned long long>(first), static_cast<unsigned long long>(last),
              opt.nemesis ? opt.nemesis->to_string().c_str() : "from each seed");
  std::fflush(stdout);
  SweepSummary s = sweep(opt, first, last);
  if (s.failure) print_failure(*s.failure, variant_name.c_str());
  std::printf(
      "runs=%llu faults=%llu operations=%llu indeterminate=%llu violations=%llu events=%llu unchecked=%llu\n"
      "time-to-leader after heal: p50=%.0fms p99=%.0fms max=%.0fms; time-to-recover: p50=%.0fms p99=%.0fms max=%.0fms\n",
      static_cast<unsigned long long>(s.runs), static_cast<unsigned long long>(s.faults),
      static_cast<unsigned long long>(s.ops), static_cast<unsigned long long>(s.indeterminate),
      static_cast<unsigned long long>(s.violations), static_cast<unsigned long long>(s.events),
      static_cast<unsigned long long>(s.unchecked),
      SweepSummary::percentile(s.time_to_leader_ms, 0.5), SweepSummary::percentile(s.time_to_leader_ms, 0.99),
      SweepSummary::percentile(s.time_to_leader_ms, 1.0), SweepSummary::percentile(s.time_to_recover_ms, 0.5),
      SweepSummary::percentile(s.time_to_recover_ms, 0.99), SweepSummary::percentile(s.time_to_recover_ms, 1.0));

  if (!history_out.empty()) {
    // Replaying the seed gives the same run, this time keeping its history.
    opt.seed = s.failure ? s.failure->seed : first + s.runs - 1;
    opt.keep_history = true;
    RunOutcome r = run_once(opt);
    std::ofstream f(history_out);
    if (!f) {
      std::fprintf(stderr, "gauntlet-sim-raft: cannot write %s\n", history_out.c_str());
      return 3;
    }
    lincheck::write_json_history(f, r.history);
    std::printf("history of seed %llu (%zu operations) written to %s\n", static_cast<unsigned long long>(r.seed),
                r.history.operations.size(), history_out.c_str());
  }
  return s.violations ? 1 : 0;
}
