#pragma once
// The weighted semaphore family: the one list of its implementations.
#include <string_view>

#include "registry/family.hpp"
#include "semaphore/fifo.hpp"
#include "semaphore/futex.hpp"
#include "semaphore/moodycamel.hpp"
#include "semaphore/posix_sem.hpp"
#include "semaphore/seed.hpp"
#include "semaphore/std_counting.hpp"

namespace gauntlet::semaphore {

inline constexpr std::string_view family_name = "semaphore";
inline constexpr std::string_view reference = "std-counting";

using implementations = type_list<SeedSemaphore, FifoSemaphore, FutexSemaphore, StdCountingSemaphore,
                                  PosixSemaphore, MoodycamelSemaphore>;

inline FamilyInfo describe_family() { return describe<implementations>(family_name); }

}  // namespace gauntlet::semaphore
