#pragma once
// EventCount: lets a thread sleep until some condition, checked by a
// non-blocking attempt, may have changed, at no cost to the other side when
// nobody sleeps. The blocking wrappers (queue/blocking.hpp,
// ring/blocking_ring.hpp) put one under each "not empty" / "not full" side.
//
// A waiter reads the key, announces itself, re-checks its condition and
// sleeps only if the key is still the one it read; a notifier that sees an
// announced waiter bumps the key and wakes. The two seq_cst fences make
// "notifier missed the waiter" and "waiter missed the change" exclusive, so
// with no waiter a notify costs one fence and one load.
#include <cstdint>
#include <optional>

#include "impls/platform/platform.hpp"

namespace gauntlet {

class EventCount {
 public:
  // Call after every change that may end a wait.
  void notify() {
    atomic_thread_fence(std::memory_order_seq_cst);
    // mutation-justified: acquire at least, pairing with the waiter's announcement, so that our bump
    // below cannot be read by the key load that precedes it (load buffering); Relacy executes loads
    // in order and never shows load buffering, so no model check can fail on this line.
    if (waiters_.load(std::memory_order_seq_cst) == 0) return;
    // seq_cst: the waiter's key read precedes its announcement, which we
    // saw, so it cannot have read this bump and sleep through the wake.
    // mutation-justified: as above; the bump must stay after the waiters_ load (no load buffering).
    key_.fetch_add(1, std::memory_order_seq_cst);
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
      // mutation-justified: the key read must come before the announcement below (no load
      // buffering with the notifier's bump), which Relacy, executing loads in order, cannot violate.
      std::uint32_t key = key_.load(std::memory_order_seq_cst);
      // mutation-justified: release at least, so that the notifier that sees us also sees our key read
      // done; the Dekker with notify() itself is carried by the two seq_cst fences.
      waiters_.fetch_add(1, std::memory_order_seq_cst);
      atomic_thread_fence(std::memory_order_seq_cst);
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
