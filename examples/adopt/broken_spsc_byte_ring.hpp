#pragma once
// The example byte ring with its publication made relaxed: the consumer can
// see the new tail before the length and the bytes written ahead of it. Relacy
// reports the data race on the words; ThreadSanitizer on real threads too.
#include "spsc_byte_ring.hpp"

namespace example {

using BrokenSpscByteRing = BasicSpscByteRing<std::memory_order_relaxed>;

}  // namespace example
