#pragma once
// The same lock with one bug of the kind adopt must catch: the writer's
// unlock is relaxed, so the next holder may not see what the writer wrote.
#include "examples/adopt/spin_rwlock.hpp"

namespace example {

using BrokenSpinRwLock = BasicSpinRwLock<std::memory_order_relaxed>;

}  // namespace example
