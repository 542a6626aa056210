#pragma once
// check(): split the history into partitions, search each (in parallel),
// combine the verdicts.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <sstream>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/detail/control.hpp"
#include "verify/lincheck/detail/search.hpp"

namespace gauntlet::lincheck {
namespace detail {

template <class Key>
std::string describe_key(const Key& k) {
  if constexpr (std::is_convertible_v<const Key&, std::string>)
    return std::string(k);
  else {
    std::ostringstream out;
    out << k;
    return out.str();
  }
}

struct Partition {
  std::string key;
  std::vector<std::size_t> ids;
};

template <class Model, class Op>
std::vector<Partition> partition(const Model& model, const std::vector<Op>& history, bool split) {
  if constexpr (PartitionedModel<Model>) {
    if (split) {
      // Operations grouped by key: the partitions come in key order, each in
      // history order, as a std::map would give them, at a fraction of its
      // allocations (small histories are dominated by such fixed costs). A
      // key returned by reference is not copied. Few distinct keys (the
      // usual Jepsen test) are found by a binary search among those seen;
      // past `few` keys that insertion would be quadratic, and a stable sort
      // of every operation by key takes over.
      using KeyRef = decltype(model.partition_key(history[0].input));
      constexpr bool by_ref = std::is_lvalue_reference_v<KeyRef>;
      using Held = std::conditional_t<by_ref, const std::remove_reference_t<KeyRef>*, std::decay_t<KeyRef>>;
      auto hold = [&](std::size_t i) -> Held {
        if constexpr (by_ref)
          return &model.partition_key(history[i].input);
        else
          return model.partition_key(history[i].input);
      };
      auto key_of = [](const Held& h) -> const auto& {
        if constexpr (by_ref)
          return *h;
        else
          return h;
      };
      constexpr std::size_t few = 64;
      std::vector<Held> keys;             // the distinct keys, in the order first seen
      std::vector<std::uint32_t> sorted;  // indices into keys, in key order
      std::vector<std::uint32_t> slot_of(history.size());
      std::vector<std::size_t> count;
      std::vector<Partition> parts;
      bool many = false;
      for (std::size_t i = 0; i < history.size(); ++i) {
        Held k = hold(i);
        auto at = std::lower_bound(sorted.begin(), sorted.end(), k,
                                   [&](std::uint32_t a, const Held& b) { return key_of(keys[a]) < key_of(b); });
        if (at == sorted.end() || key_of(k) < key_of(keys[*at])) {
          if (keys.size() == few) {
            many = true;
            break;
          }
          at = sorted.insert(at, static_cast<std::uint32_t>(keys.size()));
          keys.push_back(std::move(k));
          count.push_back(0);
        }
        slot_of[i] = *at;
        ++count[*at];
      }
      if (!many) {
        // Counted first, so each partition's ids are allocated once.
        std::vector<std::uint32_t> rank(keys.size());
        parts.resize(keys.size());
        for (std::size_t p = 0; p < sorted.size(); ++p) {
          rank[sorted[p]] = static_cast<std::uint32_t>(p);
          parts[p].ids.reserve(count[sorted[p]]);
          parts[p].key = describe_key(key_of(keys[sorted[p]]));
        }
        for (std::size_t i = 0; i < history.size(); ++i) parts[rank[slot_of[i]]].ids.push_back(i);
        return parts;
      }
      // Many keys: one stable sort of every operation by key.
      std::vector<std::pair<Held, std::size_t>> keyed;
      keyed.reserve(history.size());
      for (std::size_t i = 0; i < history.size(); ++i) keyed.emplace_back(hold(i), i);
      std::stable_sort(keyed.begin(), keyed.end(),
                       [&](const auto& a, const auto& b) { return key_of(a.first) < key_of(b.first); });
      for (std::size_t a = 0; a < keyed.size();) {
        std::size_t b = a + 1;
        while (b < keyed.size() && !(key_of(keyed[a].first) < key_of(keyed[b].first))) ++b;
        Partition& p = parts.emplace_back();
        p.ids.reserve(b - a);
        for (std::size_t k = a; k < b; ++k) p.ids.push_back(keyed[k].second);
        p.key = describe_key(key_of(keyed[a].first));
        a = b;
      }
      return parts;
    }
  }
  std::vector<Partition> whole(1);
  for (std::size_t i = 0; i < history.size(); ++i) whole[0].ids.push_back(i);
  return whole;
}

// How long a default check runs on the calling thread alone before helpers may join.
inline constexpr std::chrono::milliseconds spawn_helpers_after{2};

inline Verdict combine(const std::vector<PartitionResult>& parts) {
  bool unknown = false;
  for (const auto& p : parts) {
    if (p.verdict == Verdict::not_linearizable) return Verdict::not_linearizable;
    unknown |= p.verdict == Verdict::unknown;
  }
  return unknown ? Verdict::unknown : Verdict::linearizable;
}

}  // namespace detail

template <SequentialModel Model>
CheckResult check(const std::vector<Operation<typename Model::Input, typename Model::Output>>& history,
                  const CheckOptions& options, const Model& model) {
  auto started = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < history.size(); ++i)
    if (!history[i].indeterminate && history[i].ret < history[i].call)
      throw HistoryError("operation " + std::to_string(i) + " returns before its call");

  auto parts = detail::partition(model, history, options.partition);
  // Smallest first: one partition that is not linearizable decides the
  // whole history, and small ones are the cheapest to settle.
  std::vector<std::size_t> order(parts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return parts[a].ids.size() < parts[b].ids.size(); });

  detail::Control control(options.timeout, options.memory_budget_bytes);
  CheckResult result;
  result.partitions.resize(parts.size());
  std::atomic<std::size_t> next{0};
  auto run_one = [&](std::size_t k) {
    auto& part = parts[order[k]];
    auto& out = result.partitions[order[k]];
    if (control.should_stop()) {
      out.verdict = Verdict::unknown;
      out.ops = part.ids;
      out.reason = detail::describe(control.reason());
    } else {
      out = detail::Search<Model>(model, history, part.ids, control, options.compute_partial, options.reductions).run();
      // One partition that is not linearizable decides the whole history.
      if (out.verdict == Verdict::not_linearizable) control.request_stop(detail::StopReason::cancelled);
    }
    out.key = part.key;
  };
  auto helper = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < order.size();) run_one(k);
  };
  // hardware_concurrency() reads a sysfs file each call: several microseconds,
  // a tenth of a small check, so it is asked once per process.
  static const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned threads = options.threads ? options.threads : cores;
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, parts.size()));
  // A thread costs tens of microseconds to start, more than a whole small
  // check, and a history that is not linearizable is often settled sooner by
  // one thread taking the smallest partitions first. So by default the
  // calling thread checks alone, and helpers start only once the check has run
  // detail::spawn_helpers_after with at least two partitions still waiting.
  // An explicit options.threads > 1 starts them at once.
  std::vector<std::thread> pool;
  auto spawn = [&] {
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(helper);
  };
  if (options.threads > 1) spawn();
  for (std::size_t k; (k = next.fetch_add(1)) < order.size();) {
    run_one(k);
    if (pool.empty() && threads > 1 && next.load() + 1 < order.size() &&
        std::chrono::steady_clock::now() - started >= detail::spawn_helpers_after)
      spawn();
  }
  for (auto& t : pool) t.join();

  result.verdict = detail::combine(result.partitions);
  for (const auto& p : result.partitions) {
    result.states_explored += p.states_explored;
    result.lookahead_prunes += p.lookahead_prunes;
    if (p.verdict == Verdict::unknown && result.reason.empty()) result.reason = p.reason;
  }
  result.peak_memory_bytes = control.peak_memory();
  result.elapsed = std::chrono::steady_clock::now() - started;
  return result;
}

}  // namespace gauntlet::lincheck
