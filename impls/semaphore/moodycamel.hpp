#pragma once
// Peer: moodycamel's LightweightSemaphore (an atomic count that spins a while,
// then sleeps on an OS semaphore).
// lightweightsemaphore.h uses MOODYCAMEL_DELETE_FUNCTION without defining it;
// concurrentqueue.h defines it (as blockingconcurrentqueue.h relies on).
#include <concurrentqueue/concurrentqueue.h>
#include <concurrentqueue/lightweightsemaphore.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "impls/registry/registry.hpp"
#include "impls/semaphore/interface.hpp"
#include "impls/semaphore/looped_weights.hpp"

namespace gauntlet::semaphore {

class MoodycamelSemaphore : public AcquireForFromUntil<MoodycamelSemaphore> {
 public:
  static constexpr std::string_view name = "moodycamel";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description =
      "moodycamel::LightweightSemaphore; unweighted: acquire(n) loops n single waits, so two weighted waiters "
      "can deadlock";
  static constexpr bool detects_over_release = false;

  // The arguments are checked before the library sees the count.
  MoodycamelSemaphore(std::ptrdiff_t max_permits, std::ptrdiff_t initial)
      : max_(max_permits), sem_((check_construction(max_permits, initial), initial)) {}
  explicit MoodycamelSemaphore(std::ptrdiff_t max_permits) : MoodycamelSemaphore(max_permits, max_permits) {}

  std::ptrdiff_t max_permits() const { return max_; }

  void acquire(std::ptrdiff_t n) {
    check_weight(n, max_);
    for (std::ptrdiff_t i = 0; i < n; ++i) sem_.wait();
  }

  bool try_acquire(std::ptrdiff_t n) {
    check_weight(n, max_);
    return take_n_or_roll_back(
        n, [&] { return sem_.tryWait(); }, [&](std::ptrdiff_t k) { sem_.signal(k); });
  }

  bool try_acquire_until(std::ptrdiff_t n, steady_clock::time_point deadline) {
    check_weight(n, max_);
    // The library takes a relative timeout in microseconds; recompute it per permit.
    auto take_one = [&] {
      auto left = std::chrono::ceil<std::chrono::microseconds>(deadline - steady_clock::now()).count();
      return left <= 0 ? sem_.tryWait() : sem_.wait(static_cast<std::int64_t>(left));
    };
    return take_n_or_roll_back(n, take_one, [&](std::ptrdiff_t k) { sem_.signal(k); });
  }

  void release(std::ptrdiff_t n) {
    check_weight(n, max_);
    sem_.signal(n);
  }

 private:
  const std::ptrdiff_t max_;
  moodycamel::LightweightSemaphore sem_;
};

}  // namespace gauntlet::semaphore
