// gauntlet-raft-scenario: runs Raft scenario scripts (scenario.hpp) and compares
// each transcript with the golden file beside its script (NAME.txt -> NAME.golden).
//
// Exit 0: every transcript equals its golden file; 1: one departs (the first
// differing line is printed); 3: bad usage or a malformed script.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "impls/raft/variants.hpp"
#include "verify/raft/scenario.hpp"

using namespace gauntlet;
using namespace gauntlet::raft;
namespace fs = std::filesystem;

namespace {

constexpr int exit_equal = 0;
constexpr int exit_differs = 1;
constexpr int exit_bad = 3;

void usage(std::FILE* to) {
  std::fprintf(to,
               "usage: gauntlet-raft-scenario [--variant NAME] [--rewrite] [--explain] [--help] FILE|DIR...\n"
               "Runs Raft scenario scripts (DIR: every *.txt in it) over the pure core and compares each\n"
               "transcript with the golden file beside the script (NAME.txt -> NAME.golden).\n"
               "  --variant NAME   run under this variant (default basic); the report is the first line\n"
               "                   where its transcript departs from the golden file. One of:\n                  ");
  for (const auto& v : variants()) std::fprintf(to, " %s", std::string(v.name).c_str());
  std::fprintf(to,
               "\n"
               "  --rewrite        write the transcripts as the golden files (basic only)\n"
               "  --explain        for every known-bad variant, the first script and line that departs\n"
               "Exit: 0 all equal, 1 a transcript departs, 3 bad usage or a malformed script.\n");
}

std::string golden_path(const std::string& script) {
  fs::path p(script);
  return p.extension() == ".txt" ? p.replace_extension(".golden").string() : script + ".golden";
}

std::optional<std::vector<std::string>> read_lines(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

struct Departure {
  std::string script;  // the file name
  int script_line = 0;
  std::string command;   // that line's text
  long golden_line = 0;  // 1-based
  std::string expected, actual;
};

std::string text_at(const std::vector<std::string>& lines, long i) {
  return i < static_cast<long>(lines.size()) ? lines[i] : "<end of output>";
}

std::optional<Departure> compare(const scenario::Script& s, const scenario::Outcome& out,
                                 const std::vector<std::string>& golden) {
  const auto& actual = out.transcript.lines;
  long i = scenario::first_difference(golden, actual);
  if (i < 0) return std::nullopt;
  Departure d;
  d.script = fs::path(s.path).filename().string();
  const auto& src = out.transcript.source;
  d.script_line = src.empty() ? 0 : src[std::min<std::size_t>(static_cast<std::size_t>(i), src.size() - 1)];
  for (const auto& l : s.lines)
    if (l.number == d.script_line) d.command = l.text;
  d.golden_line = i + 1;
  d.expected = text_at(golden, i);
  d.actual = text_at(actual, i);
  return d;
}

void print_departure(const Departure& d, const char* indent) {
  std::printf("%s%s:%d `%s` (golden line %ld)\n%s  expected: %s\n%s  actual:   %s\n", indent, d.script.c_str(),
              d.script_line, d.command.c_str(), d.golden_line, indent, d.expected.c_str(), indent, d.actual.c_str());
}

// Files named on the command line, directories expanded to their *.txt in name order.
std::vector<std::string> expand(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  for (const std::string& a : args) {
    std::error_code ec;
    if (!fs::is_directory(a, ec)) {
      files.push_back(a);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(a))
      if (e.path().extension() == ".txt") found.push_back(e.path().string());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  std::string variant = "basic";
  bool rewrite = false, explain = false;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      usage(stdout);
      return exit_equal;
    } else if (a == "--rewrite") {
      rewrite = true;
    } else if (a == "--explain") {
      explain = true;
    } else if (a == "--variant") {
      if (i + 1 == argc) {
        std::fprintf(stderr, "gauntlet-raft-scenario: --variant needs a name\n");
        return exit_bad;
      }
      variant = argv[++i];
    } else if (a.starts_with("--")) {
      std::fprintf(stderr, "gauntlet-raft-scenario: unknown option %s\n", a.c_str());
      usage(stderr);
      return exit_bad;
    } else {
      args.push_back(a);
    }
  }
  const Variant* v = find_variant(variant);
  if (!v) {
    std::fprintf(stderr, "gauntlet-raft-scenario: no variant '%s'\n", variant.c_str());
    return exit_bad;
  }
  if (rewrite && (variant != "basic" || explain)) {
    std::fprintf(stderr, "gauntlet-raft-scenario: --rewrite writes basic's transcripts only\n");
    return exit_bad;
  }
  std::vector<std::string> files = expand(args);
  if (files.empty()) {
    std::fprintf(stderr, "gauntlet-raft-scenario: no script given\n");
    usage(stderr);
    return exit_bad;
  }

  // Every script parses, and under basic runs to its end, before anything is compared or written.
  std::vector<scenario::Script> scripts;
  std::vector<std::vector<std::string>> goldens;
  for (const std::string& f : files) {
    try {
      scripts.push_back(scenario::load(f));
    } catch (const scenario::ScriptError& e) {
      std::fprintf(stderr, "%s\n", e.format().c_str());
      return exit_bad;
    }
    scenario::Outcome base = scenario::run(scripts.back(), find_variant("basic")->config());
    if (base.failed) {
      std::fprintf(stderr, "%s\n", base.error.format().c_str());
      return exit_bad;
    }
    if (rewrite) {
      std::ofstream out(golden_path(f));
      for (const auto& l : base.transcript.lines) out << l << '\n';
      if (!out) {
        std::fprintf(stderr, "gauntlet-raft-scenario: cannot write %s\n", golden_path(f).c_str());
        return exit_bad;
      }
      std::printf("wrote %s\n", golden_path(f).c_str());
      continue;
    }
    auto golden = read_lines(golden_path(f));
    if (!golden) {
      std::fprintf(stderr, "%s:0: no golden file %s (--rewrite writes it)\n", f.c_str(), golden_path(f).c_str());
      return exit_bad;
    }
    goldens.push_back(std::move(*golden));
  }
  if (rewrite) return exit_equal;

  if (explain) {
    int uncaught = 0;
    for (const auto& bad : variants()) {
      if (bad.kind != Kind::known_bad) continue;
      std::optional<Departure> first;
      for (std::size_t i = 0; i < scripts.size() && !first; ++i)
        first = compare(scripts[i], scenario::run(scripts[i], bad.config()), goldens[i]);
      std::printf("%s: ", std::string(bad.name).c_str());
      if (first) {
        print_departure(*first, "");
      } else {
        std::printf("no script departs\n");
        ++uncaught;
      }
    }
    return uncaught ? exit_differs : exit_equal;
  }

  int departed = 0;
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    auto d = compare(scripts[i], scenario::run(scripts[i], v->config()), goldens[i]);
    if (!d) {
      std::printf("ok %s\n", scripts[i].path.c_str());
      continue;
    }
    ++departed;
    std::printf("%s departs from %s under %s at\n", scripts[i].path.c_str(), golden_path(files[i]).c_str(),
                variant.c_str());
    print_departure(*d, "  ");
  }
  return departed ? exit_differs : exit_equal;
}
