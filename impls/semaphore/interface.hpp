#pragma once
// The weighted semaphore interface every implementation of the family offers.
//
//   Sem(max_permits, initial)       1 <= max_permits <= permit_limit, 0 <= initial <= max_permits
//   explicit Sem(max_permits)       starts full (initial = max_permits)
//   void acquire(n)                 blocks until n permits are taken at once
//   void release(n)                 gives n permits back
//   bool try_acquire(n)             takes n permits if it can without waiting
//   bool try_acquire_until(n, steady_clock::time_point deadline)
//   bool try_acquire_for(n, duration)
//                                   wait at most until the deadline; false means
//                                   nothing was taken
//   std::ptrdiff_t max_permits()
//
// Bad arguments: the decision for the whole family (tested in
// verify/semaphore/test_semaphore.cpp):
//   - n < 1 (n = 0 included) in any call: throws std::invalid_argument, nothing
//     changes. A zero-permit acquire is almost always a caller's arithmetic bug,
//     so it is reported rather than treated as a no-op.
//   - n > max_permits(): throws std::invalid_argument; such a request could
//     never be granted and would block forever.
//   - release(n) that would lift the available count above max_permits()
//     (releasing more than was acquired): throws std::invalid_argument and
//     changes nothing, in the implementations with `detects_over_release`
//     (ours). The seed does not look (faithful to the Go original, whose
//     permits simply inflate). The peers cannot tell without extra shared
//     state that would distort the comparison with them, so for a peer it is
//     the caller's precondition (std::counting_semaphore makes it undefined).
//   - Constructor arguments out of range: throws std::invalid_argument.
#include <chrono>
#include <concepts>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "impls/platform/platform.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::semaphore {

// Large enough for any real use, small enough that count + n never overflows
// the 32-bit futex word.
inline constexpr std::ptrdiff_t permit_limit = std::ptrdiff_t{1} << 30;

inline void check_weight(std::ptrdiff_t n, std::ptrdiff_t max_permits) {
  if (n < 1 || n > max_permits)
    throw std::invalid_argument("semaphore: permit count " + std::to_string(n) + " outside [1, " +
                                std::to_string(max_permits) + "]");
}

inline void check_construction(std::ptrdiff_t max_permits, std::ptrdiff_t initial) {
  if (max_permits < 1 || max_permits > permit_limit || initial < 0 || initial > max_permits)
    throw std::invalid_argument("semaphore: bad construction (max " + std::to_string(max_permits) + ", initial " +
                                std::to_string(initial) + ")");
}

[[noreturn]] inline void throw_over_release(std::ptrdiff_t n, std::ptrdiff_t available, std::ptrdiff_t max_permits) {
  throw std::invalid_argument("semaphore: release(" + std::to_string(n) + ") with " + std::to_string(available) +
                              " of " + std::to_string(max_permits) + " available releases more than was acquired");
}

// try_acquire_for in terms of the implementation's try_acquire_until.
template <class Derived>
class AcquireForFromUntil {
 public:
  template <class Rep, class Period>
  bool try_acquire_for(std::ptrdiff_t n, std::chrono::duration<Rep, Period> timeout) {
    auto deadline = steady_clock::now() + std::chrono::ceil<steady_clock::duration>(timeout);
    return static_cast<Derived*>(this)->try_acquire_until(n, deadline);
  }
};

template <class S>
concept WeightedSemaphore = requires(S s, std::ptrdiff_t n, steady_clock::time_point t) {
  { S::detects_over_release } -> std::convertible_to<bool>;
  s.acquire(n);
  s.release(n);
  { s.try_acquire(n) } -> std::same_as<bool>;
  { s.try_acquire_until(n, t) } -> std::same_as<bool>;
  { s.try_acquire_for(n, std::chrono::milliseconds(1)) } -> std::same_as<bool>;
  { s.max_permits() } -> std::same_as<std::ptrdiff_t>;
};

}  // namespace gauntlet::semaphore
