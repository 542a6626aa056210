#pragma once
// Hang guards for tests and verifiers, not timing assertions: each polls
// until its condition holds and gives up only after a limit no correct
// implementation comes near, so a lost wake-up fails (with the caller's
// message) instead of hanging the suite.
#include <chrono>
#include <thread>

namespace gauntlet::verify {

inline constexpr auto kHangGuard = std::chrono::seconds(60);

// Retries try_once() until it succeeds, yielding between tries; false once
// give_up_at has passed.
template <class Try>
bool retry_until(std::chrono::steady_clock::time_point give_up_at, Try&& try_once) {
  while (!try_once()) {
    if (std::chrono::steady_clock::now() > give_up_at) return false;
    std::this_thread::yield();
  }
  return true;
}

// Polls done() until it holds; false if `limit` passed first.
template <class Pred>
bool eventually(Pred&& done, std::chrono::steady_clock::duration limit = kHangGuard) {
  return retry_until(std::chrono::steady_clock::now() + limit, done);
}

}  // namespace gauntlet::verify
