#pragma once
// A reader-scalable lock in the big-reader / BRAVO style: each reader counts
// itself in on its own slot's indicator, one slot per prefetch pair of cache
// lines, so readers on different cores never write the same line. A writer
// raises a flag (which also keeps other writers out), then waits for every
// indicator to drain; readers that see the flag step back out and sleep until
// it drops. Reads cost one uncontended RMW on a private line and a read of the
// flag; writes cost a scan of all slots.
//
// The entry handshake is Dekker's: a reader increments its slot then reads the
// flag, a writer sets the flag then reads the slots. With both sides seq_cst,
// at least one of them sees the other, so they never both go in.
#include <array>
#include <cstdint>

#include "impls/platform/platform.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::rwlock {

// Slots: how many reader indicators; threads share one when more run at once
// (still correct, only slower: the indicator is a count, not a flag).
template <std::size_t Slots>
class BasicReaderScalableRwLock {
 public:
  static constexpr bool writer_preferring = true;
  static constexpr std::size_t kSlots = Slots;

  void lock_shared() {
    Slot& s = my_slot();
    for (;;) {
      s.readers.fetch_add(1, std::memory_order_seq_cst);
      if (writer_.load(std::memory_order_seq_cst) == kFree) return;
      depart(s);  // a writer is in or on its way: let it drain us
      wait_for_writer();
    }
  }

  void unlock_shared() { depart(my_slot()); }

  bool try_lock_shared() {
    Slot& s = my_slot();
    s.readers.fetch_add(1, std::memory_order_seq_cst);
    if (writer_.load(std::memory_order_seq_cst) == kFree) return true;
    depart(s);
    return false;
  }

  void lock() {
    for (;;) {
      std::uint32_t w = kFree;
      if (writer_.compare_exchange_strong(w, kHeld, std::memory_order_seq_cst)) break;
      wait_for_writer();
    }
    for (Slot& s : slots_) {
      std::uint32_t n;
      while ((n = s.readers.load(std::memory_order_seq_cst)) != 0) futex_wait(s.readers, n);
    }
  }

  void unlock() {
    // Sleepers (readers or writers) marked the flag; one wake-up serves all.
    if (writer_.exchange(kFree, std::memory_order_release) == kSleepers) futex_wake_all(writer_);
  }

  bool try_lock() {
    std::uint32_t w = kFree;
    if (!writer_.compare_exchange_strong(w, kHeld, std::memory_order_seq_cst)) return false;
    for (Slot& s : slots_) {
      if (s.readers.load(std::memory_order_seq_cst) != 0) {
        unlock();
        return false;
      }
    }
    return true;
  }

 private:
  // writer_ states; kSleepers: threads sleep on the flag and need a wake-up.
  static constexpr std::uint32_t kFree = 0, kHeld = 1, kSleepers = 2;

  // Two lines per slot: Intel's adjacent-line prefetcher moves lines in
  // pairs, and neighbouring slots belong to threads on different cores.
  struct alignas(prefetch_pair) Slot {
    atomic<std::uint32_t> readers{0};
  };

  Slot& my_slot() { return slots_[thread_slot() % kSlots]; }

  void depart(Slot& s) {
    // seq_cst, not release: if a writer read our count before this decrement
    // and went to sleep on it, the flag load below must see that writer.
    if (s.readers.fetch_sub(1, std::memory_order_seq_cst) == 1 && writer_.load(std::memory_order_seq_cst) != kFree)
      futex_wake_all(s.readers);
  }

  // Relaxed loads: they only decide whether to keep sleeping; every caller
  // retries with a seq_cst operation on writer_, which is what synchronises.
  void wait_for_writer() {
    std::uint32_t w = writer_.load(std::memory_order_relaxed);
    while (w != kFree) {
      // Mark that someone sleeps, so the writer's unlock knows to wake us.
      if (w == kHeld && !writer_.compare_exchange_weak(w, kSleepers, std::memory_order_relaxed)) continue;
      // mutation-equivalent: loading w before the wait leaves it one round stale, so the loop waits at
      // most once more; that wait returns at once unless writer_ is kSleepers, whose unlock wakes all.
      futex_wait(writer_, kSleepers);
      w = writer_.load(std::memory_order_relaxed);
    }
  }

  std::array<Slot, kSlots> slots_;
  alignas(prefetch_pair) atomic<std::uint32_t> writer_{kFree};
};

// Ours: 64 slots. `crowded` is the same lock with one slot, so that the
// model checks also see readers sharing an indicator (relacy-shared-slot),
// which 64 slots only give past 64 threads.
class ReaderScalableRwLock : public BasicReaderScalableRwLock<64> {
 public:
  static constexpr std::string_view name = "reader-scalable";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "per-slot reader indicators on private cache lines (big-reader / BRAVO style);"
      " writers raise a flag and drain them";
  using crowded = BasicReaderScalableRwLock<1>;
};

}  // namespace gauntlet::rwlock
