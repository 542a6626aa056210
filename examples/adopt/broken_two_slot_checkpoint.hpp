#pragma once
// The example checkpointer without the directory fsync: the slot's data is
// synced, but the entry create() replaced may not be on disk when the
// checkpoint is acknowledged, so after a power loss the slot can still be the
// old file and recovery returns an older checkpoint than one acknowledged.
// The crash checker finds that state.
#include "two_slot_checkpoint.hpp"

namespace example {

using BrokenTwoSlotCheckpoint = BasicTwoSlotCheckpoint<false>;

}  // namespace example
