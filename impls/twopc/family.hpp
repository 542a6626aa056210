#pragma once
// The two-phase-commit family: its variants are configurations of one pair of
// cores (variants.hpp); ratios are taken against presumed-abort.
#include <string_view>

#include "impls/registry/registry.hpp"
#include "impls/twopc/variants.hpp"

namespace gauntlet::twopc {

inline constexpr std::string_view family_name = "2pc";
inline constexpr std::string_view reference_name = "presumed-abort";
GAUNTLET_PROTOCOL_FAMILY(variants);

}  // namespace gauntlet::twopc
