#pragma once
// The example pool with its free path unlocked: a free races with an allocate
// (or another free) of the same class on the list head. Relacy reports the
// data race on the head; ThreadSanitizer on real threads too.
#include "locked_free_list_pool.hpp"

namespace example {

using BrokenLockedFreeListPool = BasicLockedFreeListPool<false>;

}  // namespace example
