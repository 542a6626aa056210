#pragma once
// An out-of-tree per-thread counter set, written as a user of gauntlet would,
// to show what `scripts/gauntlet adopt layout` needs: the family's CounterSet
// interface (impls/layout/interface.hpp), a description of its record for the
// layout check (impls/layout/layout_check.hpp: which bytes each writer owns),
// and for the model check, the counter reached through gauntlet's platform
// layer (gauntlet::atomic). One slot per thread, in an array.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>

#include "impls/layout/layout_check.hpp"
#include "impls/platform/platform.hpp"

namespace example {

template <std::size_t SlotAlign>
class BasicSlotCounters {
 public:
  // The line size the layout promises to keep two writers apart by.
  static constexpr std::size_t separation = 64;

  explicit BasicSlotCounters(unsigned threads) : threads_(threads) {
    if (threads == 0) throw std::invalid_argument("SlotCounters: at least one thread");
    slots_ = std::make_unique<Slot[]>(threads);
  }

  void increment(unsigned i) { slots_[i].count.fetch_add(1, std::memory_order_relaxed); }
  std::uint64_t sum() const {
    std::uint64_t s = 0;
    for (unsigned t = 0; t < threads_; ++t) s += slots_[t].count.load(std::memory_order_relaxed);
    return s;
  }
  const void* cell(unsigned i) const { return &slots_[i].count; }
  unsigned threads() const { return threads_; }

  static constexpr auto layout() {
    return gauntlet::layout::layout_of<Slot>("slot", {gauntlet::layout::field("count", 0, 8, "owner")});
  }

 private:
  struct alignas(SlotAlign) Slot {
    gauntlet::atomic<std::uint64_t> count{0};
  };
  unsigned threads_;
  std::unique_ptr<Slot[]> slots_;
};

// Correct: each thread's slot is a whole 64-byte line.
using SlotCounters = BasicSlotCounters<64>;

}  // namespace example
