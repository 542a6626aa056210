#pragma once
// Bounded multi-producer multi-consumer queue with a sequence number per slot
// (Dmitry Vyukov's design). A slot's sequence says whose turn it is: equal to
// the position -> free for the producer of that position; position + 1 ->
// full, for the consumer of that position; position + capacity -> free again
// for the next lap. Producers (consumers) claim positions with a CAS on one
// shared counter, then touch only their slot.
//
// CheckSequence is true in MpmcQueue (ours) and false in the known-bad
// MpmcNoSeqCheck (mpmc_no_seq_check.hpp); the line marked "the mutation
// point" is where the two differ.
// Non-blocking only: Blocking<> (blocking.hpp) adds waits, timeouts and close.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "impls/platform/platform.hpp"
#include "impls/queue/status.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::queue {

namespace detail {
constexpr std::string_view mpmc_name(std::size_t pad) {
  return pad == 0 ? "mpmc-packed" : pad == 64 ? "mpmc" : "mpmc-128";
}
constexpr std::string_view mpmc_description(std::size_t pad) {
  return pad == 0    ? "bounded MPMC, per-slot sequence numbers (Vyukov), counters packed on one line"
         : pad == 64 ? "bounded MPMC, per-slot sequence numbers (Vyukov), counters on separate lines"
                     : "bounded MPMC, per-slot sequence numbers (Vyukov), counters 128 bytes apart";
}
}  // namespace detail

template <class T, std::size_t Pad, bool CheckSequence>
// Aligned to a line as a whole, so packed (Pad 0) means one line wherever the
// queue is placed: at the allocator's 16-byte alignment the packed fields
// could straddle two lines, and the ablation would measure the placement.
class alignas(cache_line) BasicMpmcQueue {
  static constexpr std::size_t counter_align = Pad == 0 ? alignof(atomic<std::size_t>) : Pad;

 public:
  static constexpr int max_producers = 0;
  static constexpr int max_consumers = 0;
  using value_type = T;
  // At least two cells: with one, "full at lap n" and "empty at lap n+1" share a sequence number.
  explicit BasicMpmcQueue(std::size_t capacity)
      : capacity_(round_up_pow2(std::max<std::size_t>(capacity, 2))), cells_(new Cell[capacity_]) {
    for (std::size_t i = 0; i < capacity_; ++i) cells_[i].seq.store(i, std::memory_order_relaxed);
  }

  std::size_t capacity() const { return capacity_; }

  bool try_push(const T& v) {
    std::size_t pos = enqueue_.pos.load(std::memory_order_relaxed);
    Cell* cell;
    for (;;) {
      cell = &cells_[pos & (capacity_ - 1)];
      std::size_t seq = cell->seq.load(std::memory_order_acquire);  // the last reader is done
      auto dif = static_cast<std::intptr_t>(seq) - static_cast<std::intptr_t>(pos);
      if constexpr (!CheckSequence) dif = 0;  // the mutation point: take the slot whatever its state
      if (dif == 0) {
        if (enqueue_.pos.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) break;
      } else if (dif < 0) {
        return false;  // the slot still holds last lap's element: full
      } else {
        pos = enqueue_.pos.load(std::memory_order_relaxed);  // another producer took pos
      }
    }
    cell->data.store(v);
    cell->seq.store(pos + 1, std::memory_order_release);  // publishes the element
    return true;
  }

  bool try_pop(T& out) {
    std::size_t pos = dequeue_.pos.load(std::memory_order_relaxed);
    Cell* cell;
    for (;;) {
      cell = &cells_[pos & (capacity_ - 1)];
      std::size_t seq = cell->seq.load(std::memory_order_acquire);  // pairs with the publishing store
      auto dif = static_cast<std::intptr_t>(seq) - static_cast<std::intptr_t>(pos + 1);
      if (dif == 0) {
        if (dequeue_.pos.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) break;
      } else if (dif < 0) {
        return false;  // not written yet: empty
      } else {
        pos = dequeue_.pos.load(std::memory_order_relaxed);
      }
    }
    out = cell->data.load();
    cell->seq.store(pos + capacity_, std::memory_order_release);  // frees the slot for the next lap
    return true;
  }

 private:
  struct Cell {
    atomic<std::size_t> seq;
    shared_var<T> data;
  };
  struct alignas(counter_align) Counter {
    atomic<std::size_t> pos{0};
  };

  const std::size_t capacity_;
  std::unique_ptr<Cell[]> cells_;
  Counter enqueue_;
  Counter dequeue_;
};

// Ours: a producer takes a position only once its slot is free.
template <class T, std::size_t Pad = cache_line>
class MpmcQueue : public BasicMpmcQueue<T, Pad, true> {
 public:
  static constexpr std::string_view name = detail::mpmc_name(Pad);
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description = detail::mpmc_description(Pad);
  template <class U>
  using rebind = MpmcQueue<U, Pad>;
  using BasicMpmcQueue<T, Pad, true>::BasicMpmcQueue;
};

}  // namespace gauntlet::queue
