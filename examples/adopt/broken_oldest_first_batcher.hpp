#pragma once
// The example policy with its deadline re-armed by every message (a debounce,
// not a timeout): under a steady trickle a batch short of max_size waits
// past `timeout`, however old its first message. No thread is involved, so
// no race check can see it; the timing sweeps on the pure policy and through
// the processor's timed wait find the late flush.
#include "oldest_first_batcher.hpp"

namespace example {

template <class M>
using BrokenOldestFirstBatcher = BasicOldestFirstBatcher<M, false>;

}  // namespace example
