#pragma once
// The seed's failure detector (section 6.2), as written: a known-bad variant.
// It counts a failure at every check that finds the last heartbeat older than
// one interval and never resets the count, so a live node that is briefly
// slow a few times is declared dead for good.
#include <string_view>

#include "impls/detector/miss_counter.hpp"

namespace gauntlet::detector {

class SeedDetector : public BasicMissCounter<false> {
 public:
  static constexpr std::string_view name = "seed";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "the seed's (6.2) ticker: Failures++ whenever the last heartbeat is older than one interval, never reset; "
      "threshold failures declare the node dead";
  static constexpr auto caught_by = checks("recovers-after-slowness");
  using BasicMissCounter<false>::BasicMissCounter;
};

}  // namespace gauntlet::detector
