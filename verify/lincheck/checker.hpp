#pragma once
// The linearizability checker: Lowe's search (as in Porcupine) with the
// P-compositionality split of Horn & Kroening.
//
//   auto r = lincheck::check<lincheck::models::CasRegister>(ops, {.timeout = 5s});
//   if (r.verdict == lincheck::Verdict::not_linearizable) ... r.partitions[i].longest ...
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "verify/lincheck/history.hpp"
#include "verify/lincheck/model.hpp"

namespace gauntlet::lincheck {

enum class Verdict { linearizable, not_linearizable, unknown };

inline constexpr std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::linearizable:
      return "linearizable";
    case Verdict::not_linearizable:
      return "not-linearizable";
    case Verdict::unknown:
      return "unknown";
  }
  return "?";
}

struct CheckOptions {
  std::chrono::milliseconds timeout{0};                    // 0: no limit
  std::size_t memory_budget_bytes = std::size_t{1} << 30;  // cache memory over all partitions
  // 0: the calling thread, joined by helpers up to the hardware concurrency
  // once the check has run 2 ms (check_impl.hpp); N > 1: N threads from the start.
  unsigned threads = 0;
  bool partition = true;        // split per key where the model allows
  bool compute_partial = true;  // keep the longest partial linearizations
  // Observers taken without branching, cache entries standing for
  // configurations with more indeterminate operations (search.hpp), and the
  // model's lookahead (lookahead.hpp). Off only to test that they change no verdict.
  bool reductions = true;
};

struct PartitionResult {
  Verdict verdict = Verdict::unknown;
  std::string key;                     // the partition's key, described; empty when unpartitioned
  std::vector<std::size_t> ops;        // indices into the checked history
  std::uint64_t states_explored = 0;   // search steps that reached a new configuration
  std::uint64_t lookahead_prunes = 0;  // configurations the model's lookahead ruled out
  std::size_t memory_bytes = 0;        // peak cache memory of this partition
  // linearizable: one linearization (history indices in order; indeterminate
  // operations left out did not take effect). Otherwise the longest partial
  // linearizations found (at most a few, longest first).
  std::vector<std::vector<std::size_t>> linearizations;
  std::string reason;  // why unknown: "timeout", "memory budget", "cancelled"
};

struct CheckResult {
  Verdict verdict = Verdict::unknown;
  std::vector<PartitionResult> partitions;
  std::uint64_t states_explored = 0;
  std::uint64_t lookahead_prunes = 0;
  std::size_t peak_memory_bytes = 0;  // peak of the summed cache memory of running partitions
  std::chrono::nanoseconds elapsed{0};
  std::string reason;  // for unknown
};

template <SequentialModel Model>
CheckResult check(const std::vector<Operation<typename Model::Input, typename Model::Output>>& history,
                  const CheckOptions& options = {}, const Model& model = Model{});

}  // namespace gauntlet::lincheck

#include "verify/lincheck/detail/check_impl.hpp"
