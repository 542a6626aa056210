#pragma once
// The command line every protocol's simulator front end shares (gauntlet-sim-raft,
// gauntlet-sim-2pc):
//
//   PROGRAM --variant NAME (--seeds FIRST..LAST | --seed S) [--nemesis SPEC] [--history OUT]
//           [--jobs N] [--shard K/N] [--json-out FILE] [protocol options]
//
// Exit statuses: 0 every run passed, 1 a violation, 3 bad arguments (one line on
// stderr). GAUNTLET_SEED=S stands for --seed S when neither seed option is given.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "verify/sim/nemesis.hpp"
#include "verify/sim/sweep.hpp"

namespace gauntlet::sim::cli {

inline constexpr int exit_passed = 0, exit_violation = 1, exit_bad_args = 3;

struct SweepArgs {
  std::string variant, history_out, json_out;
  std::uint64_t first = 1, last = 100;
  std::uint64_t shard = 0, shards = 1;  // --shard K/N, 0-based here
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  std::optional<NemesisSpec> nemesis;  // empty: drawn from each seed

  SweepPlan plan() const { return SweepPlan{first, last, shard, shards, jobs}; }
};

class Parser {
 public:
  // Reads the next argument as the value of the option being parsed.
  using Value = std::function<std::string()>;
  // A protocol's own option: false when `option` is not one of its options.
  using Extra = std::function<bool(const std::string& option, const Value& value)>;

  explicit Parser(std::string program) : program_(std::move(program)) {}

  const std::string& program() const { return program_; }

  [[noreturn]] void bad_args(const std::string& msg) const {
    std::fprintf(stderr, "%s: %s (try --help)\n", program_.c_str(), msg.c_str());
    std::exit(exit_bad_args);
  }

  std::uint64_t number(const std::string& text, const char* what) const {
    // strtoull accepts (and wraps) a minus sign, so it is refused here first.
    char* end = nullptr;
    if (text.empty() || text[0] == '-')
      bad_args(std::string(what) + " must be a non-negative integer, not '" + text + "'");
    unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (*end != '\0') bad_args(std::string(what) + " must be a non-negative integer, not '" + text + "'");
    return v;
  }

  // Parses argv, exiting with exit_bad_args on an error and with exit_passed
  // after printing `usage` on --help.
  SweepArgs parse(int argc, char** argv, const std::function<void()>& usage,
                  const std::function<bool(const std::string&)>& known_variant, const Extra& extra) const {
    SweepArgs args;
    bool have_seeds = false, have_seed = false;
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      const Value value = [&]() -> std::string {
        if (i + 1 >= argc) bad_args("option " + a + " needs a value");
        return argv[++i];
      };
      if (a == "--help" || a == "-h") {
        usage();
        std::exit(exit_passed);
      } else if (a == "--variant") {
        args.variant = value();
      } else if (a == "--seeds") {
        seed_range(value(), args);
        have_seeds = true;
      } else if (a == "--seed") {
        args.first = args.last = number(value(), "--seed");
        have_seed = true;
      } else if (a == "--nemesis") {
        std::string err;
        args.nemesis = NemesisSpec::parse(value(), err);
        if (!args.nemesis) bad_args(err);
      } else if (a == "--history") {
        args.history_out = value();
      } else if (a == "--json-out") {
        args.json_out = value();
      } else if (a == "--jobs") {
        const std::uint64_t jobs = number(value(), "--jobs");
        if (jobs < 1 || jobs > 1024) bad_args("--jobs must be 1 to 1024");
        args.jobs = static_cast<unsigned>(jobs);
      } else if (a == "--shard") {
        shard(value(), args);
      } else if (!extra(a, value)) {
        bad_args("unknown argument '" + a + "'");
      }
    }
    if (args.variant.empty()) bad_args("--variant is required");
    if (!known_variant(args.variant)) bad_args("unknown variant '" + args.variant + "'");
    if (have_seeds && have_seed) bad_args("give --seeds or --seed, not both");
    if (!have_seeds && !have_seed)
      if (const char* env = std::getenv("GAUNTLET_SEED")) args.first = args.last = number(env, "GAUNTLET_SEED");
    return args;
  }

 private:
  void seed_range(const std::string& v, SweepArgs& args) const {
    auto dots = v.find("..");
    if (dots == std::string::npos) bad_args("--seeds wants FIRST..LAST, not '" + v + "'");
    args.first = number(v.substr(0, dots), "--seeds FIRST");
    args.last = number(v.substr(dots + 2), "--seeds LAST");
    if (args.last < args.first) bad_args("--seeds: LAST is smaller than FIRST");
  }

  void shard(const std::string& v, SweepArgs& args) const {
    auto slash = v.find('/');
    if (slash == std::string::npos) bad_args("--shard wants K/N (1 <= K <= N), not '" + v + "'");
    const std::uint64_t k = number(v.substr(0, slash), "--shard K"), n = number(v.substr(slash + 1), "--shard N");
    if (n < 1 || k < 1 || k > n) bad_args("--shard wants K/N with 1 <= K <= N, not '" + v + "'");
    args.shard = k - 1;
    args.shards = n;
  }

  std::string program_;
};

// Help text pieces. `column` is where option descriptions start, counted after
// the two-space indent, so each front end keeps its own alignment.
inline void help_variants(int column, const std::vector<std::string>& names) {
  std::printf("  %-*sone of:", column, "--variant NAME");
  for (const auto& n : names) std::printf(" %s", n.c_str());
  std::printf("\n");
}

// `default_note` ends the --nemesis description's last line.
inline void help_seeds_and_nemesis(int column, const char* default_note) {
  const int indent = column + 2;
  std::printf("  %-*srun seeds A to B (default 1..100); --seed S runs one seed\n", column, "--seeds A..B");
  std::printf("  %-*sfaults, e.g. 'crash,leader,every=200' (kinds: halves minority bridge\n", column, "--nemesis SPEC");
  std::printf("%*sleader crash lossy all none; settings every= heal= window= in ms);\n", indent, "");
  std::printf("%*sdefault: drawn from each seed%s\n", indent, "", default_note);
}

inline void help_jobs_and_shards(int column) {
  const int indent = column + 2;
  std::printf("  %-*sruns at once (default: the machine's cores); the output is the serial run's\n", column,
              "--jobs N");
  std::printf("  %-*sonly the K-th of N disjoint parts of the seeds (FIRST+K-1, then every N-th),\n", column,
              "--shard K/N");
  std::printf("%*sfor a CI matrix; `scripts/gauntlet merge` joins the parts' --json-out rows\n", indent, "");
  std::printf("  %-*sone JSON row per run, in seed order\n", column, "--json-out FILE");
}

inline void help_exit() {
  std::printf("Exit: 0 all runs passed, 1 a violation, 3 bad arguments. GAUNTLET_SEED=S is --seed S.\n");
}

// The first line of every sweep's output.
inline void print_banner(const char* protocol, const SweepArgs& args) {
  std::printf("%s sim: variant=%s seeds=%llu..%llu", protocol, args.variant.c_str(),
              static_cast<unsigned long long>(args.first), static_cast<unsigned long long>(args.last));
  if (args.shards > 1)
    std::printf(" shard=%llu/%llu", static_cast<unsigned long long>(args.shard + 1),
                static_cast<unsigned long long>(args.shards));
  std::printf(" nemesis=%s\n", args.nemesis ? args.nemesis->to_string().c_str() : "from each seed");
  std::fflush(stdout);
}

// --history OUT: replays the failing run, else the last one, keeping its
// history this time (the same seed gives the same run), and writes it with
// write(stream, history). False, said on stderr, when OUT cannot be written.
template <class Options, class Summary, class RunOnce, class Write>
bool save_history(const Parser& parser, const SweepArgs& args, Options opt, const Summary& s, RunOnce run_once,
                  Write write) {
  opt.seed = s.failure ? s.failure->seed : args.plan().seed(s.runs - 1).value_or(args.first);
  opt.keep_history = true;
  const auto r = run_once(opt);
  std::ofstream f(args.history_out);
  if (!f) {
    std::fprintf(stderr, "%s: cannot write %s\n", parser.program().c_str(), args.history_out.c_str());
    return false;
  }
  write(f, r.history);
  std::printf("history of seed %llu (%zu operations) written to %s\n", static_cast<unsigned long long>(r.seed),
              r.history.operations.size(), args.history_out.c_str());
  return true;
}

// --json-out FILE: one row per run, as a JSON array with a row per line, so
// that sorted shards' rows are byte for byte the unsharded run's.
class RunRows {
 public:
  RunRows(const Parser& parser, const std::string& path) {
    if (path.empty()) return;
    out_.open(path);
    if (!out_) parser.bad_args("cannot write " + path);
    out_ << "[";
  }
  ~RunRows() {
    if (out_.is_open()) out_ << (first_ ? "]\n" : "\n]\n");
  }
  RunRows(const RunRows&) = delete;
  RunRows& operator=(const RunRows&) = delete;

  bool enabled() const { return out_.is_open(); }
  // `fields`: the row's members after "seed", already JSON (`"passed": true, ...`).
  void add(std::uint64_t seed, const std::string& fields) {
    if (!enabled()) return;
    out_ << (first_ ? "\n" : ",\n") << "{\"seed\": " << seed << ", " << fields << "}";
    first_ = false;
  }

 private:
  std::ofstream out_;
  bool first_ = true;
};

inline std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace gauntlet::sim::cli
