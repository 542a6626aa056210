#pragma once
// Single-producer single-consumer ring of T, Lamport's design with cached
// indices (rigtorp's SPSCQueue), the reference design, kept beside the turn
// ring (spsc_ring.hpp) so the report shows what each costs.
// Each side publishes its own index and keeps a private copy of the other
// side's, refreshed only when the ring looks full (producer) or empty
// (consumer): while the ring is neither, neither side reads the other's
// line. Near empty, the consumer pulls the producer's index line and then the
// slot line for every element; that is the cost the turn ring avoids.
//
// Pad decides the layout, so one class measures what padding buys:
//   0    packed: both indices and both caches share one cache line
//   64   each side on its own cache line
//   128  each side on its own adjacent-line prefetch pair
// Non-blocking only: Blocking<> (blocking.hpp) adds waits, timeouts and close.
#include <cstddef>
#include <memory>
#include <string_view>

#include "impls/platform/platform.hpp"
#include "impls/queue/status.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::queue {

namespace detail {
constexpr std::string_view lamport_name(std::size_t pad) {
  return pad == 0 ? "spsc-lamport-packed" : pad == 64 ? "spsc-lamport" : "spsc-lamport-128";
}
constexpr std::string_view lamport_description(std::size_t pad) {
  return pad == 0    ? "SPSC ring, Lamport's cached indices, both sides packed on one cache line"
         : pad == 64 ? "SPSC ring, Lamport's cached indices, each side on its own 64-byte line"
                     : "SPSC ring, Lamport's cached indices, each side on its own 128-byte prefetch pair";
}
}  // namespace detail

template <class T, std::size_t Pad = cache_line>
// Aligned to a line as a whole, so packed (Pad 0) means one line wherever the
// queue is placed: at the allocator's 16-byte alignment the packed fields
// could straddle two lines, and the ablation would measure the placement.
class alignas(cache_line) LamportSpscRing {
  static constexpr std::size_t side_align = Pad == 0 ? alignof(atomic<std::size_t>) : Pad;

 public:
  static constexpr std::string_view name = detail::lamport_name(Pad);
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description = detail::lamport_description(Pad);
  static constexpr int max_producers = 1;
  static constexpr int max_consumers = 1;
  using value_type = T;
  template <class U>
  using rebind = LamportSpscRing<U, Pad>;

  explicit LamportSpscRing(std::size_t capacity)
      : capacity_(round_up_pow2(capacity)), slots_(new shared_var<T>[capacity_]) {}

  std::size_t capacity() const { return capacity_; }

  bool try_push(const T& v) {
    std::size_t tail = prod_.tail.load(std::memory_order_relaxed);  // only we write it
    if (tail - prod_.head_cache == capacity_) {
      prod_.head_cache = cons_.head.load(std::memory_order_acquire);  // the slot's reader is done with it
      if (tail - prod_.head_cache == capacity_) return false;
    }
    slots_[tail & (capacity_ - 1)].store(v);
    prod_.tail.store(tail + 1, std::memory_order_release);  // publishes the slot written above
    return true;
  }

  bool try_pop(T& out) {
    std::size_t head = cons_.head.load(std::memory_order_relaxed);
    if (head == cons_.tail_cache) {
      cons_.tail_cache = prod_.tail.load(std::memory_order_acquire);  // pairs with the publishing store
      if (head == cons_.tail_cache) return false;
    }
    out = slots_[head & (capacity_ - 1)].load();
    cons_.head.store(head + 1, std::memory_order_release);  // hands the slot back to the producer
    return true;
  }

 private:
  struct alignas(side_align) ProducerSide {
    atomic<std::size_t> tail{0};
    std::size_t head_cache = 0;  // producer-private copy of cons_.head
  };
  struct alignas(side_align) ConsumerSide {
    atomic<std::size_t> head{0};
    std::size_t tail_cache = 0;  // consumer-private copy of prod_.tail
  };

  // Read-only after construction; with Pad 0 these share the line with the indices.
  const std::size_t capacity_;
  std::unique_ptr<shared_var<T>[]> slots_;
  ProducerSide prod_;
  ConsumerSide cons_;
};

}  // namespace gauntlet::queue
