#pragma once
// The snapshot check of a SnapshotState, under real threads: a writer sweeps
// the state word by word, round after round (round r writes r into words 0,
// 1, ... in order), while a checkpointer takes snapshots. A snapshot of one
// instant is then r + 1 in a prefix of the words and r in the rest: it never
// rises along the words, and its first and last words differ by at most one.
// Anything else is a torn snapshot (words from two instants).
#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "impls/checkpoint/interface.hpp"
#include "impls/platform/platform.hpp"
#include "verify/common/verdict.hpp"

namespace gauntlet::checkpoint::snapcheck {

// Empty when `s` is a snapshot of one instant of the sweep; else why not.
inline std::string consistent(const std::vector<std::uint64_t>& s) {
  for (std::size_t i = 1; i < s.size(); ++i)
    if (s[i] > s[i - 1])
      return "word " + std::to_string(i) + " is " + std::to_string(s[i]) + " after " + std::to_string(s[i - 1]);
  if (!s.empty() && s.front() - s.back() > 1)
    return "words from rounds " + std::to_string(s.back()) + " and " + std::to_string(s.front());
  return "";
}

template <SnapshotState S>
verify::CheckResult stress_snapshot(std::size_t words, std::uint64_t rounds, S& state) {
  verify::CheckResult r;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (std::uint64_t round = 1; round <= rounds; ++round)
      for (std::size_t i = 0; i < words; ++i) state.write(i, round);
    done.store(true, std::memory_order_release);
  });
  std::vector<std::uint64_t> snap;
  do {
    state.snapshot(snap);
    ++r.iterations;
    const std::string why = consistent(snap);
    if (!why.empty() && !r.violated) {
      r.violated = true;
      r.message = "snapshot " + std::to_string(r.iterations) + " torn: " + why;
    }
  } while (!done.load(std::memory_order_acquire));
  writer.join();
  state.snapshot(snap);
  for (std::size_t i = 0; i < words && !r.violated; ++i)
    if (snap[i] != rounds) {
      r.violated = true;
      r.message = "after the writer ended, word " + std::to_string(i) + " is " + std::to_string(snap[i]);
    }
  r.details = {{"snapshots", r.iterations}, {"words", words}, {"rounds", rounds}};
  return r;
}

}  // namespace gauntlet::checkpoint::snapcheck
