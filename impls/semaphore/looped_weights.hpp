#pragma once
// Weights for peers that only count single permits: take n one at a time.
//
// A looped acquire is not atomic. Two waiters for 2 permits each on a
// semaphore of 2 can each take one and wait forever for the other's: a
// deadlock the native weighted implementations cannot have. The peer tests
// and benchmarks therefore never run two weighted waiters at once; this is a
// property of the adapters, stated in each peer's description.
#include <cstddef>

namespace gauntlet::semaphore {

// take_one(): bool, gives up when it returns false; give_back(k) returns k permits.
// On failure the permits already taken are given back, so a false leaves nothing held.
template <class TakeOne, class GiveBack>
bool take_n_or_roll_back(std::ptrdiff_t n, TakeOne take_one, GiveBack give_back) {
  for (std::ptrdiff_t taken = 0; taken < n; ++taken) {
    if (!take_one()) {
      if (taken > 0) give_back(taken);
      return false;
    }
  }
  return true;
}

}  // namespace gauntlet::semaphore
