#pragma once
// The metrics family (seed 5.1): the one list of its implementations.
// Peer: prometheus-cpp, packaged by Debian as prometheus-cpp-dev.
#include <string_view>

#include "impls/metrics/atomic_series.hpp"
#include "impls/metrics/interface.hpp"
#include "impls/metrics/locked_map.hpp"
#include "impls/metrics/per_thread.hpp"
#include "impls/metrics/prometheus_cpp.hpp"
#include "impls/metrics/seed.hpp"
#include "impls/metrics/sharded.hpp"
#include "impls/platform/adopted.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::metrics {

inline constexpr std::string_view family_name = "metrics";
using implementations = with_adopted<"metrics", type_list<SeedCollector, LockedMapCollector, AtomicSeriesRegistry,
                                                          PerThreadRegistry, ShardedRegistry, PrometheusCppRegistry>>;
// What the verifiers and tests iterate (an adopt build: the adopted class alone).
using verified_implementations = verified<implementations, adopted<"metrics">::type<>>;
using reference = AtomicSeriesRegistry;
GAUNTLET_FAMILY_CONTRACT(MetricsRegistry);

}  // namespace gauntlet::metrics
