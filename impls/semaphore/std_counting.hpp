#pragma once
// Peer and the family's reference: std::counting_semaphore (libstdc++: an
// atomic counter with atomic-wait sleeping).
#include <cstddef>
#include <semaphore>
#include <string_view>

#include "impls/registry/registry.hpp"
#include "impls/semaphore/interface.hpp"
#include "impls/semaphore/looped_weights.hpp"

namespace gauntlet::semaphore {

class StdCountingSemaphore : public AcquireForFromUntil<StdCountingSemaphore> {
 public:
  static constexpr std::string_view name = "std-counting";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description =
      "std::counting_semaphore (the reference); unweighted: acquire(n) loops n single acquires, so two weighted "
      "waiters can deadlock";
  static constexpr bool detects_over_release = false;  // undefined behaviour in std::

  // The arguments are checked before the library sees the count.
  StdCountingSemaphore(std::ptrdiff_t max_permits, std::ptrdiff_t initial)
      : max_(max_permits), sem_((check_construction(max_permits, initial), initial)) {}
  explicit StdCountingSemaphore(std::ptrdiff_t max_permits) : StdCountingSemaphore(max_permits, max_permits) {}

  std::ptrdiff_t max_permits() const { return max_; }

  void acquire(std::ptrdiff_t n) {
    check_weight(n, max_);
    for (std::ptrdiff_t i = 0; i < n; ++i) sem_.acquire();
  }

  bool try_acquire(std::ptrdiff_t n) {
    check_weight(n, max_);
    return take_n_or_roll_back(
        n, [&] { return sem_.try_acquire(); }, [&](std::ptrdiff_t k) { sem_.release(k); });
  }

  bool try_acquire_until(std::ptrdiff_t n, steady_clock::time_point deadline) {
    check_weight(n, max_);
    return take_n_or_roll_back(
        n, [&] { return sem_.try_acquire_until(deadline); }, [&](std::ptrdiff_t k) { sem_.release(k); });
  }

  void release(std::ptrdiff_t n) {
    check_weight(n, max_);
    sem_.release(n);
  }

 private:
  const std::ptrdiff_t max_;
  std::counting_semaphore<permit_limit> sem_;
};

}  // namespace gauntlet::semaphore
