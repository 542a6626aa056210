#pragma once
// The raft family: one pure core (node.hpp), variants as Config switches (variants.hpp).
#include <string>
#include <string_view>

#include "raft/variants.hpp"
#include "registry/family.hpp"

namespace gauntlet::raft {

inline constexpr std::string_view family_name = "raft";

inline FamilyInfo describe_family() {
  FamilyInfo info{std::string(family_name), {}};
  for (const auto& v : variants())
    info.implementations.push_back({std::string(v.name), v.kind, std::string(v.description)});
  return info;
}

}  // namespace gauntlet::raft
