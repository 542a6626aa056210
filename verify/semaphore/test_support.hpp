#pragma once
// Helpers the semaphore tests share: the run's seed and hang guards.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <random>
#include <thread>

#include "verify/common/bounded_wait.hpp"
#include "verify/common/seed.hpp"

namespace gauntlet::semaphore::test {

// One seed for the whole test run, announced once (GAUNTLET_SEED replays it).
inline std::uint64_t run_seed() {
  static const std::uint64_t seed = gauntlet::verify::announce_seed("semaphore tests");
  return seed;
}

// A generous bound on anything that should finish promptly: exceeding it means
// a hang, not slowness. No test asserts how long anything took.
inline constexpr auto hang_guard = verify::kHangGuard;

// Spins (politely) until pred() holds; fails the test if it never does.
template <class Pred>
void eventually(Pred pred) {
  if (!verify::eventually(pred, hang_guard)) FAIL("condition never became true (hang guard)");
}

// Runs f on its own thread and returns its result; fails the test if it does
// not return within the hang guard (the thread is then left behind, detached).
template <class F>
auto returns(F f) -> decltype(f()) {
  std::packaged_task<decltype(f())()> task(std::move(f));
  auto result = task.get_future();
  std::thread t(std::move(task));
  if (result.wait_for(hang_guard) != std::future_status::ready) {
    t.detach();
    FAIL("call did not return (hang guard)");
  }
  t.join();
  return result.get();
}

}  // namespace gauntlet::semaphore::test
