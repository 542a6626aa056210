#pragma once
// A correct lock on std::atomic directly: adopt still runs the stress, unit
// and ThreadSanitizer checks on it, and says plainly that Relacy cannot
// model-check it (it cannot instrument std::atomic).
#include <atomic>
#include <thread>

namespace example {

class StdAtomicRwLock {
 public:
  static constexpr bool writer_preferring = false;

  void lock() {
    while (!try_lock()) std::this_thread::yield();
  }
  bool try_lock() {
    int free = 0;
    return state_.compare_exchange_strong(free, -1, std::memory_order_acquire, std::memory_order_relaxed);
  }
  void unlock() { state_.store(0, std::memory_order_release); }
  void lock_shared() {
    while (!try_lock_shared()) std::this_thread::yield();
  }
  bool try_lock_shared() {
    int readers = state_.load(std::memory_order_relaxed);
    return readers >= 0 &&
           state_.compare_exchange_strong(readers, readers + 1, std::memory_order_acquire, std::memory_order_relaxed);
  }
  void unlock_shared() { state_.fetch_sub(1, std::memory_order_release); }

 private:
  std::atomic<int> state_{0};
};

}  // namespace example
