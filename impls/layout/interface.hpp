#pragma once
// The layout family's interface: a set of per-thread counters, each thread
// writing its own, laid out in memory one way or another.
//
//   explicit C(unsigned threads)      threads >= 1 writers, indexes 0 .. threads - 1;
//                                     0 throws std::invalid_argument (check_threads below)
//   void increment(unsigned i)        thread i adds one to its own counter
//   std::uint64_t sum() const         the total: exact once every writer has
//                                     finished (joined); while they run, a value
//                                     between the totals at the call's start and end
//   const void* cell(unsigned i) const  the bytes thread i writes (counter_bytes of them)
//   unsigned threads() const
//   static constexpr std::size_t separation   the line size the layout claims to keep
//                                     writers apart by (64, or 128 for the prefetch pair)
//   static constexpr auto layout()    the record's layout (layout_check.hpp), which
//                                     the verifier's `layout-check` judges at `separation`
//
// Every layout makes the same increment (counter_add below), so that the
// benchmarks compare placements, not instructions.
//
// Memory order: relaxed throughout. Each counter is one atomic word; sum() is
// exact after the writers are joined because join synchronizes with the
// joiner, and a concurrent sum() needs only each word's own coherence order
// (every load sees a value no older than the last one it saw).
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "impls/layout/layout_check.hpp"
#include "impls/platform/platform.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::layout {

inline constexpr std::size_t counter_bytes = 8;

template <class T>
void counter_add(atomic<T>& c) {
  // mutation-equivalent: split into a load and a store, the add loses nothing where one thread
  // writes the counter, as in every layout but `sharded` with shards shared; there
  // relacy-shared-shard and the stress sum check kill the split.
  c.fetch_add(1, std::memory_order_relaxed);
}
template <class T>
std::uint64_t counter_read(const atomic<T>& c) {
  return static_cast<std::uint64_t>(c.load(std::memory_order_relaxed));
}

inline unsigned check_threads(unsigned threads) {
  if (threads < 1) throw std::invalid_argument("layout: a counter set needs at least one thread");
  return threads;
}

template <class C>
concept CounterSet = requires(C c, const C cc, unsigned i) {
  C(i);
  c.increment(i);
  { cc.sum() } -> std::same_as<std::uint64_t>;
  { cc.cell(i) } -> std::same_as<const void*>;
  { cc.threads() } -> std::same_as<unsigned>;
  { C::separation } -> std::convertible_to<std::size_t>;
  C::layout().fields;
};

}  // namespace gauntlet::layout
