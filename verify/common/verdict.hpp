#pragma once
// Verdicts are data.
//
// Every verifier binary (Relacy model checks, linearizability stress runs,
// simulator sweeps) follows one contract:
//
//   VERIFIER [--depth ci|full] [--json-out FILE] [--only IMPL] [--help]
//
// It prints one human line per (implementation, check), writes the same rows
// as a JSON array to FILE, and exits 1 if any row is `missed` or `failed`
// (2 on bad arguments). A row is
//
//   {"family", "name", "kind", "check", "outcome", "iterations", "seed", "message", ...}
//
// with outcome one of
//   passed      the check found nothing wrong
//   caught      a known-bad variant failed a check, as it should
//   missed      a known-bad variant got through a check meant to catch it: the check has no teeth
//   failed      a real implementation failed
//   documented  a peer failed a property its own documentation does not promise (reported, not hidden)
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "impls/registry/registry.hpp"
#include "verify/common/found.hpp"

namespace gauntlet::verify {

enum class Depth { ci, full };

struct Row {
  std::string family;
  std::string name;
  Kind kind = Kind::ours;
  std::string check;
  std::string outcome;
  std::uint64_t iterations = 0;
  std::uint64_t seed = 0;
  std::string message;
  nlohmann::json details = nlohmann::json::object();
};

// What a check concluded about one implementation, before judging it by kind.
struct CheckResult {
  bool violated = false;         // the property did not hold
  std::uint64_t iterations = 0;  // schedules / runs / histories explored
  std::uint64_t seed = 0;        // replays the failing (or the whole) run
  std::string message;           // first failure, one line; empty when none
  nlohmann::json details = nlohmann::json::object();
};

// A check's findings as a row's result (found.hpp), with the seed that replays it.
inline CheckResult as_result(const Found& f, std::uint64_t seed = 0) {
  CheckResult r;
  r.violated = f.violated;
  r.iterations = f.iterations;
  r.message = f.message;
  r.seed = seed;
  return r;
}

// ours/peer: violated -> failed. known-bad: violated -> caught; not violated ->
// missed if the variant's caught_by names this check, else passed.
// A peer may declare a property its documentation does not promise.
inline std::string judge(Kind kind, bool violated, bool must_catch, bool not_promised = false) {
  if (kind == Kind::known_bad) return violated ? "caught" : (must_catch ? "missed" : "passed");
  if (violated) return (kind == Kind::peer && not_promised) ? "documented" : "failed";
  return "passed";
}

class Verifier {
 public:
  Verifier(std::string family, int argc, char** argv) : family_(std::move(family)) {
    for (int i = 1; i < argc; ++i) {
      std::string_view a = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) usage_error("option " + std::string(a) + " needs a value");
        return argv[++i];
      };
      if (a == "--help" || a == "-h") {
        std::printf(
            "usage: %s [--depth ci|full] [--json-out FILE] [--only IMPL] [--first-failure]\n"
            "Runs the %s family's checks; prints a line per implementation and check,\n"
            "writes the rows as JSON to FILE, exits 1 on any missed or failed row.\n"
            "--first-failure: stop at the first missed or failed row (the mutation\n"
            "engine's kill needs one, not all).\n",
            argv[0], family_.c_str());
        std::exit(0);
      } else if (a == "--depth") {
        auto d = value();
        if (d == "ci")
          depth_ = Depth::ci;
        else if (d == "full")
          depth_ = Depth::full;
        else
          usage_error("--depth must be ci or full, not '" + d + "'");
      } else if (a == "--json-out") {
        json_out_ = value();
      } else if (a == "--only") {
        only_ = value();
      } else if (a == "--first-failure") {
        first_failure_ = true;
      } else {
        usage_error("unknown argument '" + std::string(a) + "' (try --help)");
      }
    }
  }

  Depth depth() const { return depth_; }
  bool full() const { return depth_ == Depth::full; }
  const std::string& family() const { return family_; }

  // Should this implementation be checked at all (--only)?
  bool selected(std::string_view name) const { return only_.empty() || only_ == name; }

  // Records a judged row for implementation T of the family's list: the
  // check must catch T when T::caught_by names it (registry.hpp). A peer may
  // declare that the property is one its documentation does not promise.
  template <class T>
  void record(std::string check, const CheckResult& r, bool not_promised = false) {
    const bool must_catch = names_check(caught_by_of<T>(), check);
    record(std::string(T::name), T::kind, std::move(check), r, must_catch, not_promised);
  }

  // The same for a protocol family's variant (raft, 2pc).
  template <class Config>
  void record(const ProtocolVariant<Config>& variant, std::string check, const CheckResult& r) {
    const bool must_catch = names_check(variant.caught_by, check);
    record(std::string(variant.name), variant.kind, std::move(check), r, must_catch);
  }

  // A row for something that is not on a family list (the checker's own
  // known-bad models): the caller says whether this check must catch it.
  void record(std::string name, Kind kind, std::string check, const CheckResult& r, bool must_catch,
              bool not_promised = false) {
    Row row{
        family_,      std::move(name), kind,      std::move(check), judge(kind, r.violated, must_catch, not_promised),
        r.iterations, r.seed,          r.message, r.details};
    print(row);
    const bool bad = row.outcome == "missed" || row.outcome == "failed";
    rows_.push_back(std::move(row));
    // Called between checks, never inside a Relacy simulation: exiting here
    // leaves nothing half done, and the rows so far are written.
    if (bad && first_failure_) std::exit(finish());
  }

  // finish() for a verifier whose --only must name a class of List, or one
  // of `models` (known-bad models kept in the verifier): any other name is a
  // usage error (exit 2, the names listed), not a run that checked nothing.
  // A known name this verifier does not check is no error (another does).
  template <class List>
  int finish_known(List, std::initializer_list<std::string_view> models = {}) {
    if (!only_.empty()) {
      std::string names;
      bool known = false;
      auto note = [&](std::string_view n) {
        names += (names.empty() ? "" : ", ") + std::string(n);
        known = known || n == only_;
      };
      for_each_type(List{}, [&]<class T>() { note(T::name); });
      for (std::string_view m : models) note(m);
      if (!known) {
        std::fprintf(stderr, "error: --only names no %s implementation (these are: %s)\n", family_.c_str(),
                     names.c_str());
        return 2;
      }
    }
    return finish();
  }

  // Writes the JSON, and returns the process exit status.
  int finish() {
    int bad = 0;
    nlohmann::json arr = nlohmann::json::array();
    for (auto& r : rows_) {
      if (r.outcome == "missed" || r.outcome == "failed") ++bad;
      nlohmann::json j = {{"family", r.family}, {"name", r.name},       {"kind", std::string(to_string(r.kind))},
                          {"check", r.check},   {"outcome", r.outcome}, {"iterations", r.iterations},
                          {"seed", r.seed},     {"message", r.message}, {"depth", full() ? "full" : "ci"}};
      for (auto& [k, v] : r.details.items()) j[k] = v;
      arr.push_back(std::move(j));
    }
    if (!json_out_.empty()) {
      std::ofstream f(json_out_);
      if (!f) {
        std::fprintf(stderr, "error: cannot write %s\n", json_out_.c_str());
        return 2;
      }
      f << arr.dump(2) << "\n";
    }
    std::printf("%s: %zu checks, %d missed or failed\n", family_.c_str(), rows_.size(), bad);
    return bad ? 1 : 0;
  }

 private:
  [[noreturn]] static void usage_error(const std::string& msg) {
    std::fprintf(stderr, "error: %s\n", msg.c_str());
    std::exit(2);
  }

  void print(const Row& r) {
    std::printf("[%s] %-22s %-28s %-10s iterations=%llu seed=%llu%s%s\n", r.family.c_str(), r.name.c_str(),
                r.check.c_str(), r.outcome.c_str(), static_cast<unsigned long long>(r.iterations),
                static_cast<unsigned long long>(r.seed), r.message.empty() ? "" : "  ", r.message.c_str());
    std::fflush(stdout);
  }

  std::string family_;
  Depth depth_ = Depth::ci;
  std::string json_out_;
  std::string only_;
  bool first_failure_ = false;
  std::vector<Row> rows_;
};

}  // namespace gauntlet::verify
