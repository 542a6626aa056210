#pragma once
// How many permits are free, seen through the interface alone (tests and
// model checks use it at quiet moments, when no other thread is inside).
#include <cstddef>

namespace gauntlet::semaphore {

// True when exactly n permits are free; takes them and gives them back.
template <class Sem>
bool exactly_free(Sem& s, std::ptrdiff_t n) {
  if (n > 0 && !s.try_acquire(n)) return false;
  bool more = s.try_acquire(1);
  if (more) s.release(1);
  if (n > 0) s.release(n);
  return !more;
}

}  // namespace gauntlet::semaphore
