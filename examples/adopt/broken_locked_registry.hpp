#pragma once
// The example registry with a counter's add made a load and a store: two
// threads adding at once can both read n and both write n + 1, so the total
// comes out short. Relacy's exact-total check finds the interleaving; the
// stress check on real threads sees the lost increments.
#include "locked_registry.hpp"

namespace example {

using BrokenLockedRegistry = BasicLockedRegistry<false>;

}  // namespace example
