#pragma once
// The two-phase-commit family: its variants are configurations of one pair of
// cores (twopc/variants.hpp), so the list is written by hand from that table.
#include <string>
#include <string_view>

#include "registry/family.hpp"
#include "twopc/variants.hpp"

namespace gauntlet::twopc {

inline constexpr std::string_view family_name = "2pc";
inline constexpr std::string_view reference = "presumed-abort";

inline FamilyInfo describe_family() {
  FamilyInfo info{std::string(family_name), {}};
  for (const Variant& v : variants())
    info.implementations.push_back({std::string(v.name), v.kind, std::string(v.description)});
  return info;
}

}  // namespace gauntlet::twopc
