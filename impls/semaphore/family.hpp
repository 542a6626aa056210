#pragma once
// The weighted semaphore family: the one list of its implementations.
#include <string_view>

#include "impls/registry/registry.hpp"
#include "impls/semaphore/fifo.hpp"
#include "impls/semaphore/futex.hpp"
#include "impls/semaphore/interface.hpp"
#include "impls/semaphore/moodycamel.hpp"
#include "impls/semaphore/posix_sem.hpp"
#include "impls/semaphore/seed.hpp"
#include "impls/semaphore/std_counting.hpp"

namespace gauntlet::semaphore {

inline constexpr std::string_view family_name = "semaphore";
using implementations =
    type_list<SeedSemaphore, FifoSemaphore, FutexSemaphore, StdCountingSemaphore, PosixSemaphore, MoodycamelSemaphore>;
using reference = StdCountingSemaphore;
GAUNTLET_FAMILY_CONTRACT(WeightedSemaphore);

}  // namespace gauntlet::semaphore
