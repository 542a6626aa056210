#pragma once
// Fixed timeout with K consecutive misses: the seed's check with the count
// reset on every heartbeat (miss_counter.hpp).
#include <string_view>

#include "impls/detector/miss_counter.hpp"

namespace gauntlet::detector {

class FixedTimeoutDetector : public BasicMissCounter<true> {
 public:
  static constexpr std::string_view name = "fixed-k";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "fixed timeout: suspect after K consecutive one-interval checks without a heartbeat, reset on a heartbeat";
  using BasicMissCounter<true>::BasicMissCounter;
};

}  // namespace gauntlet::detector
