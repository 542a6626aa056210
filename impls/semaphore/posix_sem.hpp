#pragma once
// Peer: POSIX sem_t (glibc: a futex-based counter).
#include <semaphore.h>

#include <cerrno>
#include <cstddef>
#include <ctime>
#include <string_view>
#include <system_error>

#include "impls/registry/registry.hpp"
#include "impls/semaphore/interface.hpp"
#include "impls/semaphore/looped_weights.hpp"

namespace gauntlet::semaphore {

class PosixSemaphore : public AcquireForFromUntil<PosixSemaphore> {
 public:
  static constexpr std::string_view name = "posix-sem";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description =
      "POSIX sem_t; unweighted: acquire(n) loops n sem_wait and release(n) n sem_post, so two weighted waiters "
      "can deadlock";
  static constexpr bool detects_over_release = false;

  PosixSemaphore(std::ptrdiff_t max_permits, std::ptrdiff_t initial) : max_(max_permits) {
    check_construction(max_permits, initial);
    if (sem_init(&sem_, 0, static_cast<unsigned>(initial)) != 0)
      throw std::system_error(errno, std::generic_category(), "sem_init");
  }
  explicit PosixSemaphore(std::ptrdiff_t max_permits) : PosixSemaphore(max_permits, max_permits) {}
  PosixSemaphore(const PosixSemaphore&) = delete;
  PosixSemaphore& operator=(const PosixSemaphore&) = delete;
  ~PosixSemaphore() { sem_destroy(&sem_); }

  std::ptrdiff_t max_permits() const { return max_; }

  void acquire(std::ptrdiff_t n) {
    check_weight(n, max_);
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      while (sem_wait(&sem_) != 0 && errno == EINTR) {
      }
    }
  }

  bool try_acquire(std::ptrdiff_t n) {
    check_weight(n, max_);
    return take_n_or_roll_back(
        n, [&] { return sem_trywait(&sem_) == 0; }, [&](std::ptrdiff_t k) { post(k); });
  }

  bool try_acquire_until(std::ptrdiff_t n, steady_clock::time_point deadline) {
    check_weight(n, max_);
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline.time_since_epoch()).count();
    if (ns < 0) ns = 0;
    const timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
    // sem_clockwait on CLOCK_MONOTONIC, which is what steady_clock reads on Linux.
    auto take_one = [&] {
      int r;
      while ((r = sem_clockwait(&sem_, CLOCK_MONOTONIC, &ts)) != 0 && errno == EINTR) {
      }
      return r == 0;
    };
    return take_n_or_roll_back(n, take_one, [&](std::ptrdiff_t k) { post(k); });
  }

  void release(std::ptrdiff_t n) {
    check_weight(n, max_);
    post(n);
  }

 private:
  void post(std::ptrdiff_t k) {
    for (std::ptrdiff_t i = 0; i < k; ++i) sem_post(&sem_);
  }

  const std::ptrdiff_t max_;
  sem_t sem_;
};

}  // namespace gauntlet::semaphore
