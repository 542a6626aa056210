#pragma once
// The crash checks of a Checkpointer. Each drives one scenario (a fresh,
// empty directory; n checkpoints of distinct seeded states) through a
// RecordingFs, then starts a fresh instance (a restart) over each disk state
// the crash model allows (crash_model.hpp) and judges what its recover()
// returns.
//
//   crash-prefix       a crash after every prefix of the operations, with
//                      nothing pending persisted and with everything issued
//                      persisted (SQLite's crash tests)
//   crash-reorder      every state the persistence rules allow at every prefix:
//                      each prefix of the pending directory operations times
//                      every fate of every pending write, torn ones included
//                      (the ALICE approach), up to a cap per point
//   crash-fsync-eio    the run again with each sync call in turn failing (EIO),
//                      every state of every prefix of each run
//   crash-torn-sector  the final disk with one sector of a checkpoint file
//                      zeroed or flipped, for every sector: recovery may find
//                      nothing, never a torn state
//   survives-crash     a process crash (the page cache survives): a fresh
//                      instance recovers the last checkpoint
//
// A state passes when recover() returns the last acknowledged checkpoint or a
// newer one, byte for byte (a newer one only if fully written), or nothing
// when none was acknowledged; torn-sector asks only that it never returns
// bytes that were not checkpointed.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "impls/checkpoint/interface.hpp"
#include "impls/checkpoint/recording_fs.hpp"
#include "verify/checkpoint/crash_model.hpp"
#include "verify/common/verdict.hpp"

namespace gauntlet::checkpoint::crash {

inline constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

struct Scenario {
  std::size_t checkpoints = 3;
  std::size_t state_bytes = 1500;
  std::size_t max_torn = 3;  // torn fates per pending write
  std::uint64_t cap = 4096;  // states per crash point
  std::uint64_t seed = 1;
};

inline Scenario scenario_for(bool full, std::uint64_t seed) {
  return full ? Scenario{5, 3000, 16, 65536, seed} : Scenario{3, 1500, 3, 4096, seed};
}

// Checkpoint i's state: seeded bytes, never zero (so that a zeroed sector changes it).
inline bytes state_of(const Scenario& sc, std::size_t i) {
  bytes out(sc.state_bytes + i);
  std::uint64_t x = sc.seed * 0x9E3779B97F4A7C15ull + i + 1;
  for (auto& b : out) {
    x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
    b = static_cast<std::byte>(((x * 0x2545F4914F6CDD1Dull) >> 56) | 1);
  }
  return out;
}

struct Run {
  std::vector<Op> log;
  FsImage live;
  std::vector<bytes> states;
  std::vector<std::size_t> acked;  // log size when checkpoint i returned true; npos: it returned false
  std::uint64_t syncs = 0;
};

template <Checkpointer C>
Run drive(const Scenario& sc, std::optional<std::uint64_t> fail_sync = std::nullopt) {
  RecordingFs fs;
  if (fail_sync) fs.fail_sync_at(*fail_sync);
  Run run;
  {
    C c(fs);
    for (std::size_t i = 0; i < sc.checkpoints; ++i) {
      run.states.push_back(state_of(sc, i));
      run.acked.push_back(c.checkpoint(run.states.back()) ? fs.log().size() : npos);
    }
  }
  run.log = fs.log();
  run.live = fs.live();
  run.syncs = fs.sync_calls();
  return run;
}

template <Checkpointer C>
std::optional<bytes> recover_from(const FsImage& img) {
  RecordingFs fs(img);
  C c(fs);
  return c.recover();
}

// Empty when recovered is right for a crash after the first k operations; else why not.
inline std::string judge_state(const Run& run, std::size_t k, const std::optional<bytes>& recovered) {
  std::size_t last = npos;
  for (std::size_t i = 0; i < run.acked.size(); ++i)
    if (run.acked[i] != npos && run.acked[i] <= k) last = i;
  if (!recovered)
    return last == npos ? "" : "recovered nothing; checkpoint " + std::to_string(last) + " was acknowledged";
  for (std::size_t j = last == npos ? 0 : last; j < run.states.size(); ++j)
    if (*recovered == run.states[j]) return "";
  for (std::size_t j = 0; j < run.states.size(); ++j)
    if (*recovered == run.states[j])
      return "recovered checkpoint " + std::to_string(j) + ", older than acknowledged " + std::to_string(last);
  return "recovered " + std::to_string(recovered->size()) + " bytes that no checkpoint wrote (torn)";
}

struct Tally {
  std::uint64_t states = 0, failures = 0, capped = 0, points = 0;
  std::string first;
  verify::CheckResult result(std::uint64_t seed) const {
    verify::CheckResult r;
    r.violated = failures > 0;
    r.iterations = states;
    r.seed = seed;
    r.message = first;
    r.details = {{"states_explored", states},
                 {"recovery_failures", failures},
                 {"crash_points", points},
                 {"states_capped", capped}};
    return r;
  }
  void judge(const Run& run, std::size_t k, const std::optional<bytes>& got, const char* where) {
    ++states;
    const std::string why = judge_state(run, k, got);
    if (why.empty()) return;
    if (failures++ == 0) first = std::string(where) + " after op " + std::to_string(k) + ": " + why;
  }
};

template <Checkpointer C>
void explore_all(const Run& run, const Scenario& sc, Tally& t, const char* where) {
  for (std::size_t k = 0; k <= run.log.size(); ++k) {
    const CrashPoint cp = analyse(run.log, k);
    ++t.points;
    const Enumerated e = enumerate(run.log, cp, sc.max_torn, sc.cap, [&](const FsImage& img) {
      t.judge(run, k, recover_from<C>(img), where);
      return true;
    });
    t.capped += e.capped;
  }
}

template <Checkpointer C>
verify::CheckResult crash_prefix(const Scenario& sc) {
  const Run run = drive<C>(sc);
  Tally t;
  for (std::size_t k = 0; k <= run.log.size(); ++k) {
    const CrashPoint cp = analyse(run.log, k);
    ++t.points;
    t.judge(run, k, recover_from<C>(pessimistic(run.log, cp)), "pessimistic crash");
    t.judge(run, k, recover_from<C>(optimistic(run.log, cp)), "optimistic crash");
  }
  return t.result(sc.seed);
}

template <Checkpointer C>
verify::CheckResult crash_reorder(const Scenario& sc) {
  const Run run = drive<C>(sc);
  Tally t;
  explore_all<C>(run, sc, t, "crash");
  return t.result(sc.seed);
}

template <Checkpointer C>
verify::CheckResult crash_fsync_eio(const Scenario& sc) {
  const Run clean = drive<C>(sc);
  Tally t;
  for (std::uint64_t f = 0; f < clean.syncs; ++f) {
    const Run run = drive<C>(sc, f);
    const std::string where = "sync " + std::to_string(f) + " failed, crash";
    explore_all<C>(run, sc, t, where.c_str());
  }
  verify::CheckResult r = t.result(sc.seed);
  r.details["sync_calls_failed"] = clean.syncs;
  return r;
}

template <Checkpointer C>
verify::CheckResult crash_torn_sector(const Scenario& sc) {
  const Run run = drive<C>(sc);
  const FsImage disk = optimistic(run.log, analyse(run.log, run.log.size()));
  Tally t;
  auto no_torn = [&](const std::optional<bytes>& got) -> std::string {
    if (!got) return "";
    for (const bytes& s : run.states)
      if (*got == s) return "";
    return "recovered " + std::to_string(got->size()) + " bytes that no checkpoint wrote (a damaged sector)";
  };
  for (const auto& [name, inode] : disk.names) {
    const std::size_t size = disk.inodes[inode].size();
    for (std::size_t s = 0; s * sector < size; ++s) {
      for (int how = 0; how < 2; ++how) {
        FsImage img = disk;
        bytes& f = img.inodes[inode];
        const std::size_t end = std::min<std::size_t>(size, (s + 1) * sector);
        for (std::size_t b = s * sector; b < end; ++b) f[b] = how == 0 ? std::byte{0} : f[b] ^ std::byte{0x20};
        ++t.states;
        const std::string why = no_torn(recover_from<C>(img));
        if (!why.empty() && t.failures++ == 0)
          t.first = name + " sector " + std::to_string(s) + (how == 0 ? " zeroed: " : " flipped: ") + why;
      }
    }
  }
  t.points = 1;
  return t.result(sc.seed);
}

template <Checkpointer C>
verify::CheckResult survives_crash(const Scenario& sc) {
  const Run run = drive<C>(sc);
  Tally t;
  t.points = 1;
  t.judge(run, run.log.size(), recover_from<C>(run.live), "process crash");
  if (run.acked.empty() || run.acked.back() == npos) {
    ++t.failures;
    t.first = "the last checkpoint of a clean run was not acknowledged";
  }
  return t.result(sc.seed);
}

}  // namespace gauntlet::checkpoint::crash
