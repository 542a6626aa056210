#pragma once
// The example counter set with 32-byte slots (the line size of some older
// cores, written into code that runs on 64-byte lines): two threads' counters
// share every line, so each increment takes the line from the other thread
// (false sharing). Nothing is lost, so no race check can see it: the layout
// check finds it in the record's description, and the placement check in the
// real cells' addresses.
#include "slot_counters.hpp"

namespace example {

using BrokenSlotCounters = BasicSlotCounters<32>;

}  // namespace example
