#pragma once
// The queue family's own entries: ours and the known-bad mutants, everything
// the model checker sees (family.hpp adds the peers). Kept apart because the
// peers' libraries cannot be compiled into a Relacy build.
#include <cstdint>

#include "impls/platform/adopted.hpp"
#include "impls/queue/blocking.hpp"
#include "impls/queue/mpmc_no_seq_check.hpp"
#include "impls/queue/mpmc_queue.hpp"
#include "impls/queue/mutex_queue.hpp"
#include "impls/queue/spsc_lamport.hpp"
#include "impls/queue/spsc_relaxed_publish.hpp"
#include "impls/queue/spsc_ring.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::queue {

using element = std::uint64_t;

// Ours and the known-bad mutants: everything the model checker sees.
using model_checked = type_list<MutexQueue<element>, Blocking<SpscRing<element, 0>>,
                                Blocking<SpscRing<element, cache_line>>, Blocking<SpscRing<element, prefetch_pair>>,
                                Blocking<LamportSpscRing<element, 0>>, Blocking<LamportSpscRing<element, cache_line>>,
                                Blocking<LamportSpscRing<element, prefetch_pair>>, Blocking<MpmcQueue<element, 0>>,
                                Blocking<MpmcQueue<element, cache_line>>, Blocking<MpmcQueue<element, prefetch_pair>>,
                                Blocking<SpscRelaxedPublish<element>>, Blocking<MpmcNoSeqCheck<element>>>;

// What the model checker runs: the above and an adopted class that reaches
// atomics through the platform layer (an adopt build: that class alone).
using adopted_model_checked = adopted<"queue">::model_checked<element>;
using relacy_checked = verified<decltype(concat(model_checked{}, adopted_model_checked{})), adopted_model_checked>;

}  // namespace gauntlet::queue
