#pragma once
// The same queue with a missing release ordering: the producer publishes the
// new tail with a relaxed store, so the consumer may read the slot before the
// value written into it.
#include "examples/adopt/spsc_queue.hpp"

namespace example {

template <class T>
using BrokenSpscQueue = gauntlet::queue::Blocking<BasicSpscCore<T, std::memory_order_relaxed>>;

}  // namespace example
