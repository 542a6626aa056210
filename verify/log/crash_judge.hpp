#pragma once
// The crash test's judgement of a file the child left: crash_log.cpp says
// what each check accepts and why. FILE.accepted holds, per producer, how
// many entries the child had accepted (a 64-bit word each).
#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "verify/log/checks.hpp"
#include "verify/log/parse.hpp"

namespace gauntlet::log::test {

inline std::vector<std::uint64_t> accepted_counts(const std::string& file, unsigned producers) {
  std::vector<std::uint64_t> v(producers, 0);
  std::ifstream f(file + ".accepted", std::ios::binary);
  f.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(std::uint64_t)));
  return v;
}

inline bool fail_with(Found& f, std::string m) {
  f.fail(std::move(m));
  return false;
}

// The file against the promise: whole records (the last may be torn when
// `torn_last_ok`), per producer 0, 1, 2, ..., and per producer at most one
// more entry in the file than accepted (and, when `all_accepted`, no fewer).
// Returns whether the file's last record was torn (and accepted as such).
inline bool judge_file(Found& f, const std::string& file, unsigned producers, bool torn_last_ok, bool all_accepted,
                       const char* what) {
  const auto lines = read_log(file);
  const auto accepted = accepted_counts(file, producers);
  std::map<unsigned, std::uint64_t> next;
  bool torn = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    if (!l.whole) {
      if (torn_last_ok && i + 1 == lines.size()) {
        torn = true;
        break;
      }
      return fail_with(f, std::string(what) + ": record " + std::to_string(i) + " of " + std::to_string(lines.size()) +
                              " is torn: '" + l.text.substr(0, 60) + "'");
    }
    if (!l.has_ps) continue;
    if (l.seq != next[l.producer])
      return fail_with(f, std::string(what) + ": producer " + std::to_string(l.producer) + " wrote entry " +
                              std::to_string(l.seq) + " where " + std::to_string(next[l.producer]) + " was next");
    ++next[l.producer];
  }
  for (unsigned p = 0; p < producers; ++p) {
    const std::uint64_t have = next[p], acc = accepted[p];
    if (have > acc + 1)
      return fail_with(f, std::string(what) + ": producer " + std::to_string(p) + " has " + std::to_string(have) +
                              " entries in the file, only " + std::to_string(acc) + " accepted");
    if (all_accepted && have < acc)
      return fail_with(f, std::string(what) + ": producer " + std::to_string(p) + " had " + std::to_string(acc) +
                              " entries accepted, the file holds " + std::to_string(have));
  }
  return torn;
}

}  // namespace gauntlet::log::test
