#pragma once
// A weighted semaphore on one 32-bit futex word, with a lock-free fast path.
//
// acquire(n) is a CAS that subtracts n from the count when at least n are
// free; release(n) a CAS that adds n. Only when the count is short does a
// thread register as a waiter and sleep on the word.
//
// No lost wake-up: a waiter increments waiters_ and then reads the count, a
// releaser adds to the count and then reads waiters_, all seq_cst. In the
// single total order either the releaser sees the waiter (and wakes it) or the
// waiter's read sees the new count (and does not sleep); and futex_wait itself
// refuses to sleep if the word moved after that read.
//
// A thread that finds the count short spins a little first (not registered as
// a waiter, so a release during the spin costs no wake call): a hand-off
// between two running threads then costs a cache-line transfer rather than a
// sleep and a wake-up.
//
// Wakes are broadcasts: with weighted waiters a single wake could pick one
// asking for more than is free while another that fits sleeps on. Not FIFO: a
// large request can be overtaken by small ones indefinitely (use `fifo` when
// that matters).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "impls/platform/platform.hpp"
#include "impls/registry/registry.hpp"
#include "impls/semaphore/interface.hpp"

namespace gauntlet::semaphore {

class FutexSemaphore : public AcquireForFromUntil<FutexSemaphore> {
 public:
  static constexpr std::string_view name = "futex";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "CAS on a 32-bit count, futex sleep only when short; wake-all on release; not FIFO (big requests can starve)";
  static constexpr bool detects_over_release = true;

  FutexSemaphore(std::ptrdiff_t max_permits, std::ptrdiff_t initial)
      : max_(static_cast<std::uint32_t>(max_permits)), count_(static_cast<std::uint32_t>(initial)), waiters_(0) {
    check_construction(max_permits, initial);
  }
  explicit FutexSemaphore(std::ptrdiff_t max_permits) : FutexSemaphore(max_permits, max_permits) {}

  std::ptrdiff_t max_permits() const { return max_; }

  void acquire(std::ptrdiff_t n) {
    check_weight(n, max_);
    auto want = static_cast<std::uint32_t>(n);
    if (try_take(want) || spin_then_take(want)) return;
    wait_and_take(want, [this](std::uint32_t seen) {
      futex_wait(count_, seen);
      return true;
    });
  }

  bool try_acquire(std::ptrdiff_t n) {
    check_weight(n, max_);
    return try_take(static_cast<std::uint32_t>(n));
  }

  bool try_acquire_until(std::ptrdiff_t n, steady_clock::time_point deadline) {
    check_weight(n, max_);
    auto want = static_cast<std::uint32_t>(n);
    if (try_take(want) || spin_then_take(want)) return true;
    return wait_and_take(want,
                         [this, deadline](std::uint32_t seen) { return futex_wait_until(count_, seen, deadline); });
  }

  void release(std::ptrdiff_t n) {
    check_weight(n, max_);
    auto give = static_cast<std::uint32_t>(n);
    std::uint32_t c = count_.load(std::memory_order_relaxed);
    do {
      if (c + give > max_) throw_over_release(n, c, max_);
    } while (!count_.compare_exchange_weak(c, c + give, std::memory_order_seq_cst, std::memory_order_relaxed));
    if (waiters_.load(std::memory_order_seq_cst) != 0) futex_wake_all(count_);
  }

 private:
  bool try_take(std::uint32_t n) {
    std::uint32_t c = count_.load(std::memory_order_relaxed);
    while (c >= n) {
      if (count_.compare_exchange_weak(c, c - n, std::memory_order_acquire, std::memory_order_relaxed)) return true;
    }
    return false;
  }

  bool spin_then_take(std::uint32_t n) {
    for (int i = 0; i < spin_budget(spin_limit); ++i) {
      spin_pause();
      if (count_.load(std::memory_order_relaxed) >= n && try_take(n)) return true;
    }
    return false;
  }

  // sleep(seen) blocks while the count still reads `seen`; false means the
  // deadline passed. A waiter that times out takes one last look.
  template <class Sleep>
  bool wait_and_take(std::uint32_t n, Sleep sleep) {
    waiters_.fetch_add(1, std::memory_order_seq_cst);
    bool taken = false;
    for (;;) {
      std::uint32_t c = count_.load(std::memory_order_seq_cst);
      if (c >= n) {
        if (count_.compare_exchange_weak(c, c - n, std::memory_order_acquire, std::memory_order_relaxed)) {
          taken = true;
          break;
        }
        continue;
      }
      if (!sleep(c)) {
        taken = try_take(n);
        break;
      }
    }
    waiters_.fetch_sub(1, std::memory_order_relaxed);
    return taken;
  }

  static constexpr int spin_limit = 64;  // a few microseconds of pause

  const std::uint32_t max_;
  atomic<std::uint32_t> count_;    // free permits; the futex word
  atomic<std::uint32_t> waiters_;  // threads inside wait_and_take
};

}  // namespace gauntlet::semaphore
