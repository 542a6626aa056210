#pragma once
#include <vector>

#include "registry/family.hpp"

namespace gauntlet {
// Every family of impls/, in folder order.
std::vector<FamilyInfo> all_families();
}  // namespace gauntlet
