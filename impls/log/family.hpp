#pragma once
// The log family (seed 5.2): the one list of its implementations.
// Peers: spdlog 1.10 async (block, overrun-oldest) and synchronous, packaged
// by Debian as libspdlog-dev.
#include <string_view>

#include "impls/log/drop_oldest_uncounted.hpp"
#include "impls/log/interface.hpp"
#include "impls/log/ours.hpp"
#include "impls/log/seed.hpp"
#include "impls/log/spdlog_peers.hpp"
#include "impls/platform/adopted.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::log {

inline constexpr std::string_view family_name = "log";
using implementations = with_adopted<
    "log", type_list<SeedLogger, RingBlockLogger, RingDropNewestLogger, RingDropOldestLogger, RingSampleLogger,
                     RingDeadlineLogger, DropOldestUncountedLogger, SpdlogAsyncBlock, SpdlogAsyncOverrun, SpdlogSync>>;
// What the verifiers and tests iterate (an adopt build: the adopted class alone).
using verified_implementations = verified<implementations, adopted<"log">::type<>>;
using reference = RingBlockLogger;
GAUNTLET_FAMILY_CONTRACT(Logger);

}  // namespace gauntlet::log
