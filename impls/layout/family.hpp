#pragma once
// The cache-line layout family: the one list of its implementations.
#include <string_view>

#include "impls/layout/hot_cold.hpp"
#include "impls/layout/interface.hpp"
#include "impls/layout/layout_check.hpp"
#include "impls/layout/packed.hpp"
#include "impls/layout/padded.hpp"
#include "impls/layout/seed.hpp"
#include "impls/layout/sharded.hpp"
#include "impls/layout/thread_private.hpp"
#include "impls/platform/adopted.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::layout {

inline constexpr std::string_view family_name = "layout";
using implementations =
    with_adopted<"layout", type_list<SeedCounters, PackedCounters, Padded64Counters, Padded128Counters, HotColdCounters,
                                     ShardedCounters, ThreadPrivateCounters>>;
// What the verifiers and tests iterate (an adopt build: the adopted class alone).
using verified_implementations = verified<implementations, adopted<"layout">::type<>>;
using reference = ThreadPrivateCounters;
GAUNTLET_FAMILY_CONTRACT(CounterSet);

}  // namespace gauntlet::layout
