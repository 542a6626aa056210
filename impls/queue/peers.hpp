#pragma once
// Peer queues, as thin adapters giving each library the core interface
// (bool try_push / try_pop); Blocking<> (blocking.hpp) adds waits, timeouts
// and close on top, the same way it does for our lock-free rings. TBB's own
// blocking push/pop are not used: its abort() drops waiters with an exception
// instead of draining, which is not the family's close().
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <string_view>

#include <atomic_queue/atomic_queue.h>
#include <concurrentqueue/concurrentqueue.h>
#include <readerwriterqueue/readerwriterqueue.h>
#include <tbb/concurrent_queue.h>
#include <boost/lockfree/queue.hpp>
#include <boost/lockfree/spsc_queue.hpp>

#include "impls/registry/registry.hpp"

namespace gauntlet::queue {

template <class T>
class BoostSpscQueue {
 public:
  static constexpr std::string_view name = "boost-spsc_queue";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description = "boost::lockfree::spsc_queue (runtime capacity)";
  static constexpr int max_producers = 1;
  static constexpr int max_consumers = 1;
  using value_type = T;
  template <class U>
  using rebind = BoostSpscQueue<U>;

  explicit BoostSpscQueue(std::size_t capacity) : q_(capacity) {}
  bool try_push(const T& v) { return q_.push(v); }
  bool try_pop(T& out) { return q_.pop(out); }

 private:
  boost::lockfree::spsc_queue<T> q_;
};

template <class T>
class BoostQueue {
 public:
  static constexpr std::string_view name = "boost-queue";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description = "boost::lockfree::queue, preallocated nodes, bounded_push";
  static constexpr int max_producers = 0;
  static constexpr int max_consumers = 0;
  using value_type = T;
  template <class U>
  using rebind = BoostQueue<U>;

  explicit BoostQueue(std::size_t capacity) : q_(capacity) {}
  bool try_push(const T& v) { return q_.bounded_push(v); }  // never allocates: bounded
  bool try_pop(T& out) { return q_.pop(out); }

 private:
  boost::lockfree::queue<T> q_;
};

template <class T>
class MoodycamelQueue {
 public:
  static constexpr std::string_view name = "moodycamel-concurrentqueue";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description =
      "moodycamel::ConcurrentQueue, bounded by the adapter's counter (FIFO per producer only)";
  static constexpr int max_producers = 0;
  static constexpr int max_consumers = 0;
  using value_type = T;
  template <class U>
  using rebind = MoodycamelQueue<U>;

  // The library bounds nothing globally (try_enqueue only limits each
  // producer's preallocated blocks), so the adapter counts elements: one
  // shared RMW per operation that the library itself would not pay.
  explicit MoodycamelQueue(std::size_t capacity) : capacity_(capacity), q_(capacity) {}
  bool try_push(const T& v) {
    if (size_.fetch_add(1, std::memory_order_relaxed) >= capacity_) {
      size_.fetch_sub(1, std::memory_order_relaxed);
      return false;
    }
    q_.enqueue(v);  // blocks recycle: the queue never holds more than capacity_
    return true;
  }
  bool try_pop(T& out) {
    if (!q_.try_dequeue(out)) return false;
    size_.fetch_sub(1, std::memory_order_relaxed);
    return true;
  }

 private:
  const std::size_t capacity_;
  std::atomic<std::size_t> size_{0};
  moodycamel::ConcurrentQueue<T> q_;
};

template <class T>
class ReaderWriterQueue {
 public:
  static constexpr std::string_view name = "moodycamel-readerwriterqueue";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description = "moodycamel::ReaderWriterQueue, SPSC, try_enqueue (no growth)";
  static constexpr int max_producers = 1;
  static constexpr int max_consumers = 1;
  using value_type = T;
  template <class U>
  using rebind = ReaderWriterQueue<U>;

  // ReaderWriterQueue(n) holds at least n, and often nearly twice as many
  // (n = 1024 holds 2044: blocks of 2^k - 1 slots). n = capacity - 1 holds
  // capacity - 1 for a power-of-two capacity, so the benchmarks compare it
  // with the other queues at the same depth; a deeper queue rides out more of
  // the consumer's stalls and would win on depth, not design.
  explicit ReaderWriterQueue(std::size_t capacity) : q_(std::max<std::size_t>(capacity, 2) - 1) {}
  bool try_push(const T& v) { return q_.try_enqueue(v); }
  bool try_pop(T& out) { return q_.try_dequeue(out); }

 private:
  moodycamel::ReaderWriterQueue<T> q_;
};

template <class T>
class AtomicQueue {
 public:
  static constexpr std::string_view name = "atomic_queue";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description =
      "atomic_queue::AtomicQueueB2 (MPMC, runtime capacity, any T; holds at least 4096: the library's floor)";
  // AtomicQueueB2 rounds its size up to at least 4096 slots (64 x 64 for its
  // index shuffle across cache lines), and bounding it below that would put a
  // shared counter on its fast path. Its rows are marked with this floor.
  static constexpr std::size_t capacity_floor = 4096;
  static constexpr int max_producers = 0;
  static constexpr int max_consumers = 0;
  using value_type = T;
  template <class U>
  using rebind = AtomicQueue<U>;

  explicit AtomicQueue(std::size_t capacity) : q_(static_cast<unsigned>(capacity)) {}
  bool try_push(const T& v) { return q_.try_push(v); }
  bool try_pop(T& out) { return q_.try_pop(out); }

 private:
  atomic_queue::AtomicQueueB2<T> q_;
};

template <class T>
class TbbBoundedQueue {
 public:
  static constexpr std::string_view name = "tbb-concurrent_bounded_queue";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description = "tbb::concurrent_bounded_queue, try_push / try_pop";
  static constexpr int max_producers = 0;
  static constexpr int max_consumers = 0;
  using value_type = T;
  template <class U>
  using rebind = TbbBoundedQueue<U>;

  explicit TbbBoundedQueue(std::size_t capacity) { q_.set_capacity(static_cast<std::ptrdiff_t>(capacity)); }
  bool try_push(const T& v) { return q_.try_push(v); }
  bool try_pop(T& out) { return q_.try_pop(out); }

 private:
  tbb::concurrent_bounded_queue<T> q_;
};

// moodycamel's README: elements from one producer come out in order, with no
// order promised across producers.
template <class T>
inline constexpr Order promised_order<MoodycamelQueue<T>> = Order::per_producer_fifo;
// atomic_queue's slots carry a state but no lap number: when the ring wraps
// under contention, a later lap's producer can fill a slot first, and its
// source marks those CAS loops "This loop is not FIFO" (atomic_queue.h).
template <class T>
inline constexpr Order promised_order<AtomicQueue<T>> = Order::approximate_fifo;

}  // namespace gauntlet::queue
