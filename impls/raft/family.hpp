#pragma once
// The raft family: one pure core (node.hpp) under several configurations, its
// variant table (variants.hpp); ratios are taken against `basic`.
#include <string_view>

#include "impls/raft/variants.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::raft {

inline constexpr std::string_view family_name = "raft";
inline constexpr std::string_view reference_name = "basic";
GAUNTLET_PROTOCOL_FAMILY(variants);

}  // namespace gauntlet::raft
