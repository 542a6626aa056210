#pragma once
// The seed's weighted semaphore (section 3.2), as written: a known-bad variant.
//
//   func (s *Semaphore) Release(n int) {
//       s.available += n
//       for len(s.waiters) > 0 && s.available > 0 {
//           ch := s.waiters[0]; s.waiters = s.waiters[1:]
//           s.available--          // one permit per waiter, whatever it asked for
//           close(ch)
//       }
//   }
//
// The flaw: a waiter that asked for n permits is let in having paid for one, so
// more permits are in use than exist (and the books inflate when it releases n).
// The Go channel each waiter blocks on becomes a flag and a condition variable
// on the waiter's stack. Acquire takes permits whenever enough are free, queue
// or no queue, as the Go code does. The argument checks and the timed and try
// forms are not in the seed; they are the family interface (interface.hpp).
#include <cstddef>
#include <mutex>
#include <string_view>

#include "impls/platform/platform.hpp"
#include "impls/registry/registry.hpp"
#include "impls/semaphore/interface.hpp"
#include "impls/semaphore/waiter_queue.hpp"

namespace gauntlet::semaphore {

class SeedSemaphore : public AcquireForFromUntil<SeedSemaphore> {
 public:
  static constexpr std::string_view name = "seed";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "the seed's (3.2) mutex + waiter queue; Release wakes waiters one permit each, whatever each asked for";
  static constexpr auto caught_by = checks("relacy-permits", "relacy-permits-bounded");
  static constexpr bool detects_over_release = false;  // the Go code never looks

  SeedSemaphore(std::ptrdiff_t max_permits, std::ptrdiff_t initial) : max_(max_permits), available_(initial) {
    check_construction(max_permits, initial);
  }
  explicit SeedSemaphore(std::ptrdiff_t max_permits) : SeedSemaphore(max_permits, max_permits) {}

  std::ptrdiff_t max_permits() const { return max_; }

  void acquire(std::ptrdiff_t n) {
    check_weight(n, max_);
    unique_lock<mutex> lk(m_);
    if (take_if_available(n)) return;
    Waiter w;
    waiters_.push_back(&w);
    while (!w.closed.load()) w.cv.wait(lk);
  }

  bool try_acquire(std::ptrdiff_t n) {
    check_weight(n, max_);
    unique_lock<mutex> lk(m_);
    return take_if_available(n);
  }

  bool try_acquire_until(std::ptrdiff_t n, steady_clock::time_point deadline) {
    check_weight(n, max_);
    unique_lock<mutex> lk(m_);
    if (take_if_available(n)) return true;
    Waiter w;
    waiters_.push_back(&w);
    while (!w.closed.load()) {
      if (w.cv.wait_until(lk, deadline) == std::cv_status::timeout && !w.closed.load()) {
        waiters_.remove(&w);
        return false;
      }
    }
    return true;
  }

  void release(std::ptrdiff_t n) {
    check_weight(n, max_);
    unique_lock<mutex> lk(m_);
    available_.store(available_.load() + n);
    while (!waiters_.empty() && available_.load() > 0) {
      Waiter* w = waiters_.pop_front();
      available_.store(available_.load() - 1);  // the bug: one permit, not w's n
      w->closed.store(true);
      // Under the mutex: once it is dropped, w may wake, return and be gone.
      w->cv.notify_one();
    }
  }

  // Threads queued in acquire (tests use it to order waiters deterministically).
  std::size_t waiting() const {
    unique_lock<mutex> lk(m_);
    return waiters_.size();
  }

 private:
  struct Waiter {
    shared_var<bool> closed{false};
    condition_variable cv;
    shared_var<Waiter*> next{nullptr};
  };

  bool take_if_available(std::ptrdiff_t n) {
    if (available_.load() < n) return false;
    available_.store(available_.load() - n);
    return true;
  }

  const std::ptrdiff_t max_;
  mutable mutex m_;
  shared_var<std::ptrdiff_t> available_;
  WaiterQueue<Waiter> waiters_;
};

}  // namespace gauntlet::semaphore
