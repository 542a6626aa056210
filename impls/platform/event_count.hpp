#pragma once
// EventCount: lets a thread sleep until some condition, checked by a
// non-blocking attempt, may have changed, at no cost to the other side when
// nobody sleeps. The blocking wrappers (queue/blocking.hpp,
// ring/blocking_ring.hpp) put one under each "not empty" / "not full" side.
//
// A waiter announces itself, reads the key, re-checks its condition and
// sleeps only if the key is still the one it read; a notifier that sees an
// announced waiter bumps the key and wakes. Every order here is the weakest
// that works, and each is one a model check can see fail:
// - the two seq_cst fences (store buffering): either the notifier sees the
//   announcement or the waiter's re-check sees the change;
// - the key read, acquire, after the waiter's fence, pairs with the
//   notifier's fence before its bump (message passing): a waiter that read
//   the bump re-checks after the change; one that read an older key is
//   refused by the futex, which compares against the key as it is.
// The key is read after the announcement, not before: read before, it would
// need the key load and the announcement ordered against the notifier's
// waiter load and bump (load buffering), which no model checker here shows.
#include <cstdint>
#include <optional>

#include "impls/platform/platform.hpp"

namespace gauntlet {

class EventCount {
 public:
  // Call after every change that may end a wait.
  void notify() {
    atomic_thread_fence(std::memory_order_seq_cst);
    if (waiters_.load(std::memory_order_relaxed) == 0) return;
    // Relaxed: the fence above is the release a waiter's acquire key read
    // synchronises with when it reads this bump (fence-to-acquire), so such
    // a waiter's re-check sees our change.
    key_.fetch_add(1, std::memory_order_relaxed);
    futex_wake_all(key_);
  }

  // Runs attempt() until it returns anything but Status::would_block, and
  // returns that; sleeps between tries. At `deadline` (if any) one last try
  // decides, and would_block becomes Status::timed_out.
  template <class Attempt>
  auto await(std::optional<steady_clock::time_point> deadline, Attempt attempt) {
    using Status = decltype(attempt());
    for (;;) {
      Status s = attempt();
      if (s != Status::would_block) return s;
      waiters_.fetch_add(1, std::memory_order_relaxed);
      atomic_thread_fence(std::memory_order_seq_cst);
      std::uint32_t key = key_.load(std::memory_order_acquire);
      s = attempt();
      if (s != Status::would_block) {
        waiters_.fetch_sub(1, std::memory_order_relaxed);
        return s;
      }
      bool woken = true;
      if (deadline)
        woken = futex_wait_until(key_, key, *deadline);
      else
        futex_wait(key_, key);
      waiters_.fetch_sub(1, std::memory_order_relaxed);
      if (!woken) {
        s = attempt();
        return s == Status::would_block ? Status::timed_out : s;
      }
    }
  }

 private:
  atomic<std::uint32_t> key_{0};
  atomic<std::uint32_t> waiters_{0};
};

}  // namespace gauntlet
