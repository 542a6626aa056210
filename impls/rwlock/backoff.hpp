#pragma once
// Polite spinning for the spin-based locks. A pure spin burns the waiter's
// whole time slice whenever the thread it waits for (a preempted holder, or the
// next ticket in line) is off-core, which is the normal case once threads
// outnumber cores: a short spin, then yield the core to whoever can progress.
#include <thread>

#include "impls/platform/platform.hpp"

namespace gauntlet::rwlock {

class Backoff {
 public:
  void pause() {
    spin_pause();  // the model checker's scheduling point, the core's hint
    if (++spins_ >= kSpinsBeforeYield) std::this_thread::yield();
  }

 private:
  static constexpr unsigned kSpinsBeforeYield = 64;
  unsigned spins_ = 0;
};

}  // namespace gauntlet::rwlock
