#pragma once
// A queue that forgot try_pop: adopt must refuse it with one line naming the
// missing member and the contract to read, not a template backtrace.
#include <chrono>
#include <cstddef>

#include "impls/queue/status.hpp"

namespace example {

template <class T>
class NoTryPopQueue {
 public:
  using value_type = T;
  static constexpr int max_producers = 0;
  static constexpr int max_consumers = 0;
  template <class U>
  using rebind = NoTryPopQueue<U>;
  explicit NoTryPopQueue(std::size_t) {}
  gauntlet::queue::Status try_push(const T&) { return gauntlet::queue::Status::ok; }
  gauntlet::queue::Status push(const T&) { return gauntlet::queue::Status::ok; }
  gauntlet::queue::Status push_until(const T&, std::chrono::steady_clock::time_point) {
    return gauntlet::queue::Status::ok;
  }
  gauntlet::queue::Status pop(T&) { return gauntlet::queue::Status::ok; }
  gauntlet::queue::Status pop_until(T&, std::chrono::steady_clock::time_point) { return gauntlet::queue::Status::ok; }
  void close() {}
};

}  // namespace example
