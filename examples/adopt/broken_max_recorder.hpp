#pragma once
// The example recorder with its maximum made a load, a compare and a store:
// a thread that read an older maximum can store its smaller time over a
// larger one another thread stored meanwhile, so last_seen goes back. Relacy's
// exact-record check finds the interleaving; the stress check on real threads
// sees a last_seen below the largest time recorded.
#include "max_recorder.hpp"

namespace example {

using BrokenMaxRecorder = BasicMaxRecorder<false>;

}  // namespace example
