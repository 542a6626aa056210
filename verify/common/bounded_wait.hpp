#pragma once
// Hang guards for tests and verifiers, not timing assertions: each polls
// until its condition holds and gives up only after a limit no correct
// implementation comes near, so a lost wake-up fails (with the caller's
// message) instead of hanging the suite.
#include <atomic>
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

// Holds a round's threads until every one has started, so that they run at
// once: spawned one by one, loops of a few hundred microseconds would
// otherwise run one after another, and a lost update or a race between them
// could never happen. arrive() gives up after kHangGuard: false, for the
// caller to report.
class StartGate {
 public:
  explicit StartGate(unsigned n) : n_(n) {}
  bool arrive() {
    ready_.fetch_add(1);
    return eventually([&] { return ready_.load() >= n_; });
  }

 private:
  const unsigned n_;
  std::atomic<unsigned> ready_{0};
};

}  // namespace gauntlet::verify
