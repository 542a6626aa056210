#pragma once
// Single-producer single-consumer ring of T with per-slot turns: Vyukov's
// bounded queue with the compare-and-swaps gone (one thread per side), in the
// FastForward line of designs.
//
// Each slot carries a turn. turn == p: the slot is free for the element of
// position p; turn == p + 1: it holds that element. The producer waits for
// turn == tail, writes, and publishes with turn = tail + 1 (release); the
// consumer waits for turn == head + 1, reads, and frees the slot for the next
// lap with turn = head + capacity. Both positions are private, so a hand-off
// moves exactly one cache line, the slot's: neither side ever reads an index
// the other writes. Every element is published by its own store the moment it
// is pushed; nothing waits for a batch.
//
// Why not Lamport's ring with cached indices (spsc_lamport.hpp, in the family
// list as spsc-lamport beside this one): on a near-empty ring its consumer must pull the producer's
// index line and then the slot line for every element, and the producer takes
// the index line back on its next push. The price of turns is a 16-byte slot
// for 8-byte elements and a consumer that writes the slot lines it frees.
// Measured, that price is worth paying: this ring's one-way hand-off is
// shorter than Lamport's on a near-empty ring, and its 1x1 throughput leads
// both SPSC peers by more than Lamport's does. A hybrid (the consumer reads
// slot turns but publishes an index, so it never writes a slot line; the
// producer keeps Lamport's cached copy of it) landed between the two, slower
// than this ring, so it was not kept. reports/MEASUREMENTS.md has the figures.
//
// Pad decides the layout of the two private positions, so one class measures
// what padding buys (each side writes its own on every operation):
//   0    packed: both sides share one cache line
//   64   each side on its own cache line
//   128  each side on its own adjacent-line prefetch pair
// Publish is the order of the turn store that hands a slot to the consumer:
// release in SpscRing (ours), relaxed in the known-bad SpscRelaxedPublish
// (spsc_relaxed_publish.hpp); the line marked "the mutation point" is where
// the two differ.
// Non-blocking only: Blocking<> (blocking.hpp) adds waits, timeouts and close.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <string_view>

#include "impls/platform/platform.hpp"
#include "impls/queue/status.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::queue {

namespace detail {
constexpr std::string_view spsc_name(std::size_t pad) {
  return pad == 0 ? "spsc-packed" : pad == 64 ? "spsc" : "spsc-128";
}
constexpr std::string_view spsc_description(std::size_t pad) {
  return pad == 0    ? "SPSC ring, per-slot turns, both positions packed on one cache line"
         : pad == 64 ? "SPSC ring, per-slot turns, each position on its own 64-byte line"
                     : "SPSC ring, per-slot turns, each position on its own 128-byte prefetch pair";
}
}  // namespace detail

template <class T, std::size_t Pad, std::memory_order Publish>
// Aligned to a line as a whole, so packed (Pad 0) means one line wherever the
// queue is placed: at the allocator's 16-byte alignment the packed fields
// could straddle two lines, and the ablation would measure the placement.
class alignas(cache_line) BasicSpscRing {
  static constexpr std::size_t side_align = Pad == 0 ? alignof(std::size_t) : Pad;

 public:
  static constexpr int max_producers = 1;
  static constexpr int max_consumers = 1;
  using value_type = T;
  // At least two slots: with one, "holds p" (p + 1) and "free for p + 1"
  // (p + capacity) would be the same turn.
  explicit BasicSpscRing(std::size_t capacity)
      : capacity_(round_up_pow2(std::max<std::size_t>(capacity, 2))), slots_(new Slot[capacity_]) {
    for (std::size_t i = 0; i < capacity_; ++i) slots_[i].turn.store(i, std::memory_order_relaxed);
  }

  std::size_t capacity() const { return capacity_; }

  bool try_push(const T& v) {
    const std::size_t tail = prod_.tail;
    Slot& slot = slots_[tail & (capacity_ - 1)];
    if (slot.turn.load(std::memory_order_acquire) != tail) return false;  // last lap's reader is not done
    slot.value.store(v);
    slot.turn.store(tail + 1, Publish);  // publishes the value written above (the mutation point)
    prod_.tail = tail + 1;
    return true;
  }

  bool try_pop(T& out) {
    const std::size_t head = cons_.head;
    Slot& slot = slots_[head & (capacity_ - 1)];
    if (slot.turn.load(std::memory_order_acquire) != head + 1) return false;  // pairs with the publishing store
    out = slot.value.load();
    slot.turn.store(head + capacity_, std::memory_order_release);  // frees the slot for the next lap
    cons_.head = head + 1;
    return true;
  }

 private:
  // turn == p: free for the element of position p; p + 1: holds it.
  struct Slot {
    atomic<std::size_t> turn;
    shared_var<T> value;
  };
  struct alignas(side_align) ProducerSide {
    std::size_t tail = 0;  // next position to fill; producer-private
  };
  struct alignas(side_align) ConsumerSide {
    std::size_t head = 0;  // next position to read; consumer-private
  };

  // Read-only after construction; with Pad 0 these share the line with the positions.
  const std::size_t capacity_;
  std::unique_ptr<Slot[]> slots_;
  ProducerSide prod_;
  ConsumerSide cons_;
};

// Ours: the turn store publishes with release.
template <class T, std::size_t Pad = cache_line>
class SpscRing : public BasicSpscRing<T, Pad, std::memory_order_release> {
 public:
  static constexpr std::string_view name = detail::spsc_name(Pad);
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description = detail::spsc_description(Pad);
  template <class U>
  using rebind = SpscRing<U, Pad>;
  using BasicSpscRing<T, Pad, std::memory_order_release>::BasicSpscRing;
};

}  // namespace gauntlet::queue
