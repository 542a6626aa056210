#pragma once
// The example logger whose consumer stops as soon as shutdown() is called:
// entries accepted but still queued are neither written nor counted, so
// delivered + dropped falls short of produced. No data race (every shared
// field is under the mutex), so ThreadSanitizer is silent; the lifecycle
// check (shutdown while producers log) and the unit test that logs, then
// shuts down, see the lost entries.
#include "queue_logger.hpp"

namespace example {

using BrokenQueueLogger = BasicQueueLogger<false>;

}  // namespace example
