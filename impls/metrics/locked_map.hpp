#pragma once
// The seed's design with series identity fixed: the same map, the same two
// locks on every call, keyed by the name and the canonical label set. What
// the seed's design costs once it is correct.
#include <string>
#include <string_view>

#include "impls/metrics/map_collector.hpp"

namespace gauntlet::metrics {

struct KeyBySeries {
  static std::string of(const std::string& name, const Labels& labels) {
    Labels sorted = labels;
    std::sort(sorted.begin(), sorted.end());
    return name + '\0' + label_text(sorted);  // the name and the labels, one series each
  }
};

class LockedMapCollector : public BasicMapCollector<KeyBySeries> {
 public:
  static constexpr std::string_view name = "locked-map";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "the seed's map and locks, keyed by name and label set: a lookup and two mutexes on every update";
};

}  // namespace gauntlet::metrics
