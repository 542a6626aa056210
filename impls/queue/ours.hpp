#pragma once
// The queue family's own entries: ours and the known-bad mutants, everything
// the model checker sees (family.hpp adds the peers). Kept apart because the
// peers' libraries cannot be compiled into a Relacy build.
#include <cstdint>

#include "queue/blocking.hpp"
#include "queue/mpmc_queue.hpp"
#include "queue/mutex_queue.hpp"
#include "queue/spsc_lamport.hpp"
#include "queue/spsc_ring.hpp"
#include "registry/family.hpp"

namespace gauntlet::queue {

using element = std::uint64_t;

// Ours and the known-bad mutants: everything the model checker sees.
using model_checked = type_list<
    MutexQueue<element>,
    Blocking<SpscRing<element, 0>>,
    Blocking<SpscRing<element, cache_line>>,
    Blocking<SpscRing<element, prefetch_pair>>,
    Blocking<LamportSpscRing<element, 0>>,
    Blocking<LamportSpscRing<element, cache_line>>,
    Blocking<LamportSpscRing<element, prefetch_pair>>,
    Blocking<MpmcQueue<element, 0>>,
    Blocking<MpmcQueue<element, cache_line>>,
    Blocking<MpmcQueue<element, prefetch_pair>>,
    Blocking<SpscRing<element, cache_line, std::memory_order_relaxed>>,
    Blocking<MpmcQueue<element, cache_line, false>>>;

}  // namespace gauntlet::queue
