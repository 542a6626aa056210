#pragma once
// A correct weighted semaphore with strict FIFO hand-off.
//
// Waiters queue in arrival order and release() grants from the head only: a
// waiter for 3 permits at the head holds back a later waiter for 1 even when 1
// is free, so a large request is never starved by a stream of small ones. An
// arriving acquire takes permits directly only when nobody is queued (no
// barging). Permits are deducted by the granter, so a woken waiter owns exactly
// what it asked for. A waiter that times out at the head must re-run the grant
// loop: the waiters behind it may fit now that it is gone.
#include <cstddef>
#include <mutex>
#include <string_view>

#include "impls/platform/platform.hpp"
#include "impls/registry/registry.hpp"
#include "impls/semaphore/interface.hpp"
#include "impls/semaphore/waiter_queue.hpp"

namespace gauntlet::semaphore {

class FifoSemaphore : public AcquireForFromUntil<FifoSemaphore> {
 public:
  static constexpr std::string_view name = "fifo";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "mutex + FIFO queue of weighted waiters, strict hand-off from the head: large requests are never starved";
  static constexpr bool detects_over_release = true;

  FifoSemaphore(std::ptrdiff_t max_permits, std::ptrdiff_t initial) : max_(max_permits), available_(initial) {
    check_construction(max_permits, initial);
  }
  explicit FifoSemaphore(std::ptrdiff_t max_permits) : FifoSemaphore(max_permits, max_permits) {}

  std::ptrdiff_t max_permits() const { return max_; }

  void acquire(std::ptrdiff_t n) {
    check_weight(n, max_);
    unique_lock<mutex> lk(m_);
    if (take_if_first(n)) return;
    Waiter w(n);
    waiters_.push_back(&w);
    while (!w.granted.load()) w.cv.wait(lk);
  }

  bool try_acquire(std::ptrdiff_t n) {
    check_weight(n, max_);
    unique_lock<mutex> lk(m_);
    return take_if_first(n);
  }

  bool try_acquire_until(std::ptrdiff_t n, steady_clock::time_point deadline) {
    check_weight(n, max_);
    unique_lock<mutex> lk(m_);
    if (take_if_first(n)) return true;
    Waiter w(n);
    waiters_.push_back(&w);
    while (!w.granted.load()) {
      if (w.cv.wait_until(lk, deadline) == std::cv_status::timeout && !w.granted.load()) {
        waiters_.remove(&w);
        grant_from_head();  // w may have been the head holding the others back
        return false;
      }
    }
    return true;
  }

  void release(std::ptrdiff_t n) {
    check_weight(n, max_);
    unique_lock<mutex> lk(m_);
    if (available_.load() + n > max_) throw_over_release(n, available_.load(), max_);
    available_.store(available_.load() + n);
    grant_from_head();
  }

  // Threads queued (tests use it to order waiters deterministically).
  std::size_t waiting() const {
    unique_lock<mutex> lk(m_);
    return waiters_.size();
  }

 private:
  struct Waiter {
    explicit Waiter(std::ptrdiff_t want) : n(want) {}
    const std::ptrdiff_t n;
    shared_var<bool> granted{false};
    condition_variable cv;
    shared_var<Waiter*> next{nullptr};
  };

  bool take_if_first(std::ptrdiff_t n) {
    if (!waiters_.empty() || available_.load() < n) return false;
    available_.store(available_.load() - n);
    return true;
  }

  // Called with m_ held.
  void grant_from_head() {
    while (!waiters_.empty() && waiters_.front()->n <= available_.load()) {
      Waiter* w = waiters_.pop_front();
      available_.store(available_.load() - w->n);
      w->granted.store(true);
      // Under the mutex: once it is dropped, w may wake, return and be gone.
      w->cv.notify_one();
    }
  }

  const std::ptrdiff_t max_;
  mutable mutex m_;
  shared_var<std::ptrdiff_t> available_;
  WaiterQueue<Waiter> waiters_;
};

}  // namespace gauntlet::semaphore
