#pragma once
// flush()'s handshake with the logger's consumer thread (async_logger.hpp).
//
//   flusher    flush(target, wake): asks for a new round (a generation
//              number), calls wake() so a sleeping consumer sees it, and
//              returns once a round at least that new has been answered with
//              every position below `target` written, or the consumer exited
//   consumer   requested() at the top of each round; answer(gen, pos) after
//              writing; exit() when it stops for good
//
// It is its own class so that the model checker can run it with a consumer
// of its own (verify/log/relacy_log.cpp, relacy-flush and relacy-flush-exit)
// without the logger's thread and file: its order, locks and wake-ups are
// each a check's to kill, not a comment's to excuse.
#include <cstdint>

#include "impls/platform/platform.hpp"

namespace gauntlet::log {

class FlushHandshake {
 public:
  template <class Wake>
  void flush(std::uint64_t target, Wake wake) {
    unique_lock<mutex> lk(mu_);
    const std::uint64_t gen = requested_.load(std::memory_order_relaxed) + 1;
    // Release: whatever happened before this flush (a drop counted on a
    // relaxed counter) is visible to the round that reads `gen`, so that
    // round's drop records cover it; requested()'s acquire pairs with this.
    requested_.store(gen, std::memory_order_release);
    wake();
    done_cv_.wait(lk,
                  [&] { return (answered_gen_.load() >= gen && answered_pos_.load() >= target) || exited_.load(); });
  }

  // The newest round asked for, read where a consumer's round begins.
  std::uint64_t requested() const { return requested_.load(std::memory_order_acquire); }

  // Relaxed: a wake-up test only; the next round's requested() orders.
  bool requested_since(std::uint64_t gen) const { return requested_.load(std::memory_order_relaxed) != gen; }

  // Round `gen` is written up to position `pos`. Under the lock, or a flusher
  // between its predicate test and its sleep misses this answer. The order of
  // the three statements is free: a woken flusher tests its predicate only
  // once it holds the lock again, after all three.
  void answer(std::uint64_t gen, std::uint64_t pos) {
    lock_guard<mutex> g(mu_);
    answered_gen_.store(gen);  // mutation-equivalent: swapped with the next, still both under the lock
    answered_pos_.store(pos);  // mutation-equivalent: the notify first still wakes a waiter that reads after the unlock
    done_cv_.notify_all();
  }

  // The consumer is gone: a flush() that asked after its last round returns.
  void exit() {
    lock_guard<mutex> g(mu_);
    exited_.store(true);  // mutation-equivalent: as in answer(), the woken waiter reads it after the unlock
    done_cv_.notify_all();
  }

 private:
  atomic<std::uint64_t> requested_{0};
  mutex mu_;  // guards the answer and exited_
  condition_variable done_cv_;
  shared_var<std::uint64_t> answered_gen_{0}, answered_pos_{0};
  shared_var<bool> exited_{false};
};

}  // namespace gauntlet::log
