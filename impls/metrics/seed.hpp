#pragma once
// The seed's collector (5.1), as written: a known-bad variant (series identity).
// Its map is keyed by the metric's name alone, so two label sets of one name
// are one Metric: each call overwrites (or adds to) the other's value and
// merges its labels into that one series, which the scrape shows with the
// union of their labels. Caught by series-identity.
#include <string>
#include <string_view>

#include "impls/metrics/map_collector.hpp"

namespace gauntlet::metrics {

struct KeyByName {
  static std::string of(const std::string& name, const Labels&) {
    return name;  // the mutation point: mc.metrics[name], the labels not part of the key
  }
};

class SeedCollector : public BasicMapCollector<KeyByName> {
 public:
  static constexpr std::string_view name = "seed";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "the seed's (5.1) map[name]*Metric: the map's write lock on every record, then the metric's mutex; labels "
      "of every call merged into the one series of the name";
  static constexpr auto caught_by = checks("series-identity");
};

}  // namespace gauntlet::metrics
