#pragma once
// An out-of-tree reader-writer lock, written as a user of gauntlet would, to
// show what `scripts/gauntlet adopt rwlock` needs: the family's interface
// (impls/rwlock/rwlock.hpp) and, for the model check, shared memory reached
// through gauntlet's platform layer (gauntlet::atomic, spin_pause) instead of
// std::atomic. One word: -1 a writer holds it, n >= 0 readers do.
#include "impls/platform/platform.hpp"

namespace example {

template <std::memory_order WriterRelease>
class BasicSpinRwLock {
 public:
  static constexpr bool writer_preferring = false;

  void lock() {
    while (!try_lock()) gauntlet::spin_pause();
  }
  bool try_lock() {
    int free = 0;
    return state_.compare_exchange_strong(free, -1, std::memory_order_acquire, std::memory_order_relaxed);
  }
  void unlock() { state_.store(0, WriterRelease); }

  void lock_shared() {
    while (!try_lock_shared()) gauntlet::spin_pause();
  }
  bool try_lock_shared() {
    int readers = state_.load(std::memory_order_relaxed);
    return readers >= 0 &&
           state_.compare_exchange_strong(readers, readers + 1, std::memory_order_acquire, std::memory_order_relaxed);
  }
  void unlock_shared() { state_.fetch_sub(1, std::memory_order_release); }

 private:
  gauntlet::atomic<int> state_{0};
};

// Correct: the writer's unlock publishes its critical section.
using SpinRwLock = BasicSpinRwLock<std::memory_order_release>;

}  // namespace example
