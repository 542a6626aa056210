#pragma once
#include <vector>

#include "impls/registry/registry.hpp"

namespace gauntlet {
// Every family of impls/, in folder order.
std::vector<FamilyInfo> all_families();
}  // namespace gauntlet
