#pragma once
// An out-of-tree bounded SPSC queue, as `scripts/gauntlet adopt queue` takes
// it: a class template over the element type meeting the queue family's
// interface (impls/queue/family.hpp). The blocking calls, close() and the
// wake-ups come from gauntlet's own Blocking<> wrapper over a non-blocking
// core, which needs try_push, try_pop, rebind, the producer and consumer
// limits, and a name for the report. Shared memory goes through gauntlet's
// platform layer, so Relacy model-checks it.
#include <cstddef>
#include <memory>
#include <string_view>

#include "impls/platform/platform.hpp"
#include "impls/queue/blocking.hpp"

namespace example {

template <class T, std::memory_order Publish>
class BasicSpscCore {
 public:
  static constexpr std::string_view name = "example-spsc-core";
  static constexpr gauntlet::Kind kind = gauntlet::Kind::ours;
  static constexpr std::string_view description = "example SPSC ring";
  static constexpr int max_producers = 1;
  static constexpr int max_consumers = 1;
  using value_type = T;
  template <class U>
  using rebind = BasicSpscCore<U, Publish>;

  explicit BasicSpscCore(std::size_t capacity) : capacity_(capacity < 2 ? 2 : capacity), slots_(new Slot[capacity_]) {}

  bool try_push(const T& v) {
    const std::size_t tail = tail_.load(std::memory_order_relaxed);
    if (tail - head_.load(std::memory_order_acquire) == capacity_) return false;
    slots_[tail % capacity_].value.store(v);
    tail_.store(tail + 1, Publish);  // publishes the slot written above
    return true;
  }
  bool try_pop(T& out) {
    const std::size_t head = head_.load(std::memory_order_relaxed);
    if (tail_.load(std::memory_order_acquire) == head) return false;
    out = slots_[head % capacity_].value.load();
    head_.store(head + 1, std::memory_order_release);  // frees the slot
    return true;
  }

 private:
  struct Slot {
    gauntlet::shared_var<T> value;
  };
  const std::size_t capacity_;
  std::unique_ptr<Slot[]> slots_;
  gauntlet::atomic<std::size_t> head_{0}, tail_{0};
};

template <class T>
using SpscQueue = gauntlet::queue::Blocking<BasicSpscCore<T, std::memory_order_release>>;

}  // namespace example
