#pragma once
// The weighted semaphore family: the one list of its implementations.
#include <string_view>

#include "impls/platform/adopted.hpp"
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
using implementations = with_adopted<"semaphore", type_list<SeedSemaphore, FifoSemaphore, FutexSemaphore,
                                                            StdCountingSemaphore, PosixSemaphore, MoodycamelSemaphore>>;
// What the verifiers and tests iterate (an adopt build: the adopted class alone).
using verified_implementations = verified<implementations, adopted<"semaphore">::type<>>;
using reference = StdCountingSemaphore;
GAUNTLET_FAMILY_CONTRACT(WeightedSemaphore);

}  // namespace gauntlet::semaphore
