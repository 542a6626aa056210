// gauntlet-sim-2pc: runs the two-phase-commit family through the deterministic simulator.
//
//   gauntlet-sim-2pc --variant NAME --seeds FIRST..LAST [--nemesis SPEC] [--history OUT]
//   gauntlet-sim-2pc --variant NAME --seed S [--nemesis SPEC] [--history OUT]
//
// Exit 0: every run passed; 1: a violation (its seed, the check and the events
// that led to it are printed); 3: bad arguments.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "lincheck/json_history.hpp"
#include "twopc/sweep.hpp"

using namespace gauntlet;
using namespace gauntlet::twopc::verify;

namespace {

[[noreturn]] void bad_args(const std::string& msg) {
  std::fprintf(stderr, "gauntlet-sim-2pc: %s (try --help)\n", msg.c_str());
  std::exit(3);
}

void usage() {
  std::printf(
      "usage: gauntlet-sim-2pc --variant NAME (--seeds FIRST..LAST | --seed S) [--nemesis SPEC]\n"
      "                        [--participants N] [--history OUT]\n"
      "Runs a bank over 3-5 two-phase-commit participants under a seeded fault schedule and checks,\n"
      "after the last fault heals and recovery settles: atomicity, conservation of every whole-bank\n"
      "read, no negative balance, linearizability (bank model) and that no participant is left in doubt.\n"
      "  --variant NAME     one of:");
  for (const auto& v : twopc::variants()) std::printf(" %s", std::string(v.name).c_str());
  std::printf(
      "\n  --seeds A..B       run seeds A to B (default 1..100); --seed S runs one seed\n"
      "  --nemesis SPEC     faults, e.g. 'crash,leader,every=200' (kinds: halves minority bridge\n"
      "                     leader crash lossy all none; settings every= heal= window= in ms);\n"
      "                     default: drawn from each seed. 'leader' is the coordinator.\n"
      "  --participants N   3 to 5 (default: drawn from each seed)\n"
      "  --history OUT      write the client history (JSON, bank model, fault annotations) of the\n"
      "                     failing run, or of the last run when all pass\n"
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
    } else if (a == "--participants") {
      opt.participants = static_cast<int>(number(value(), "--participants"));
      if (opt.participants < 3 || opt.participants > 5) bad_args("--participants must be 3, 4 or 5");
    } else if (a == "--history") {
      history_out = value();
    } else {
      bad_args("unknown argument '" + a + "'");
    }
  }
  if (variant_name.empty()) bad_args("--variant is required");
  opt.variant = twopc::find_variant(variant_name);
  if (!opt.variant) bad_args("unknown variant '" + variant_name + "'");
  if (have_seeds && have_seed) bad_args("give --seeds or --seed, not both");
  if (!have_seeds && !have_seed)
    if (const char* env = std::getenv("GAUNTLET_SEED")) first = last = number(env, "GAUNTLET_SEED");

  std::printf("2pc sim: variant=%s seeds=%llu..%llu nemesis=%s\n", variant_name.c_str(),
              static_cast<unsigned long long>(first), static_cast<unsigned long long>(last),
              opt.nemesis ? opt.nemesis->to_string().c_str() : "from each seed");
  std::fflush(stdout);
  SweepSummary s = sweep(opt, first, last);
  if (s.failure) print_failure(*s.failure, variant_name.c_str());
  std::printf(
      "runs=%llu faults=%llu operations=%llu indeterminate=%llu violations=%llu events=%llu\n"
      "liveness: in doubt after heal=%llu; yes votes blocked n=%zu p50=%.1fms p99=%.1fms max=%.1fms\n",
      static_cast<unsigned long long>(s.runs), static_cast<unsigned long long>(s.faults),
      static_cast<unsigned long long>(s.ops), static_cast<unsigned long long>(s.indeterminate),
      static_cast<unsigned long long>(s.violations), static_cast<unsigned long long>(s.events),
      static_cast<unsigned long long>(s.in_doubt_after_heal), s.blocked_ms.size(),
      SweepSummary::percentile(s.blocked_ms, 0.5), SweepSummary::percentile(s.blocked_ms, 0.99),
      SweepSummary::percentile(s.blocked_ms, 1.0));
  if (s.lincheck_unknown)
    std::printf("note: the linearizability checker ran out of time on %llu run(s)\n",
                static_cast<unsigned long long>(s.lincheck_unknown));

  if (!history_out.empty()) {
    // Replaying the seed gives the same run, this time keeping its history.
    opt.seed = s.failure ? s.failure->seed : first + s.runs - 1;
    opt.keep_history = true;
    RunOutcome r = run_once(opt);
    std::ofstream f(history_out);
    if (!f) {
      std::fprintf(stderr, "gauntlet-sim-2pc: cannot write %s\n", history_out.c_str());
      return 3;
    }
    lincheck::write_json_history(f, r.history);
    std::printf("history of seed %llu (%zu operations) written to %s\n", static_cast<unsigned long long>(r.seed),
                r.history.operations.size(), history_out.c_str());
  }
  return s.violations ? 1 : 0;
}
