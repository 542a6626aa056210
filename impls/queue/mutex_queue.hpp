#pragma once
// A ring of T guarded by one mutex and two condition variables: the plain,
// obviously-correct baseline every lock-free queue is measured against.
// Blocking, non-blocking and timed operations are native here.
#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>

#include "impls/platform/platform.hpp"
#include "impls/queue/status.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::queue {

template <class T>
class MutexQueue {
 public:
  static constexpr std::string_view name = "mutex-condvar";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description = "ring of T under one mutex, two condition variables";
  static constexpr int max_producers = 0;  // 0: any number
  static constexpr int max_consumers = 0;
  static constexpr Order order = Order::fifo;
  using value_type = T;
  template <class U>
  using rebind = MutexQueue<U>;

  explicit MutexQueue(std::size_t capacity)
      : capacity_(round_up_pow2(capacity)), slots_(new shared_var<T>[capacity_]) {}

  std::size_t capacity() const { return capacity_; }

  Status try_push(const T& v) {
    unique_lock<mutex> lk(m_);
    return push_locked(v);
  }
  Status push(const T& v) {
    unique_lock<mutex> lk(m_);
    not_full_.wait(lk, [&] { return closed_.load() || count_.load() < capacity_; });
    return push_locked(v);
  }
  Status push_until(const T& v, steady_clock::time_point deadline) {
    unique_lock<mutex> lk(m_);
    if (!not_full_.wait_until(lk, deadline, [&] { return closed_.load() || count_.load() < capacity_; }))
      return Status::timed_out;
    return push_locked(v);
  }

  Status try_pop(T& out) {
    unique_lock<mutex> lk(m_);
    return pop_locked(out);
  }
  Status pop(T& out) {
    unique_lock<mutex> lk(m_);
    not_empty_.wait(lk, [&] { return closed_.load() || count_.load() > 0; });
    return pop_locked(out);
  }
  Status pop_until(T& out, steady_clock::time_point deadline) {
    unique_lock<mutex> lk(m_);
    if (!not_empty_.wait_until(lk, deadline, [&] { return closed_.load() || count_.load() > 0; }))
      return Status::timed_out;
    return pop_locked(out);
  }

  // Refuses new elements; elements already in stay poppable until drained.
  void close() {
    unique_lock<mutex> lk(m_);
    closed_.store(true);
    not_full_.notify_all();
    not_empty_.notify_all();
  }

 private:
  Status push_locked(const T& v) {
    if (closed_.load()) return Status::closed;
    std::size_t n = count_.load();
    if (n == capacity_) return Status::would_block;
    std::size_t h = head_.load();
    slots_[(h + n) & (capacity_ - 1)].store(v);
    count_.store(n + 1);
    not_empty_.notify_one();
    return Status::ok;
  }
  Status pop_locked(T& out) {
    std::size_t n = count_.load();
    if (n == 0) return closed_.load() ? Status::closed : Status::would_block;
    std::size_t h = head_.load();
    out = slots_[h & (capacity_ - 1)].load();
    head_.store(h + 1);
    count_.store(n - 1);
    not_full_.notify_one();
    return Status::ok;
  }

  const std::size_t capacity_;
  std::unique_ptr<shared_var<T>[]> slots_;
  mutex m_;
  condition_variable not_empty_, not_full_;
  // Plain shared variables: every access is under m_, and the model checker
  // reports any that is not.
  shared_var<std::size_t> head_{0}, count_{0};
  shared_var<bool> closed_{false};
};

}  // namespace gauntlet::queue
