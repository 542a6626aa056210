#pragma once
// The seed's hot/cold split done right: one record per thread, hotData alone
// on the record's first line, coldData on its second (alignas(64) on the
// record and on coldData, sizeof 128), so every element of an array starts a
// line and no owner's hot line holds anyone's cold data.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "impls/layout/interface.hpp"
#include "impls/layout/record_counters.hpp"

namespace gauntlet::layout {

struct alignas(cache_line) HotColdRecord {
  atomic<std::int64_t> hot_data[8];
  alignas(cache_line) std::int64_t cold_data[8];
};

class HotColdCounters : public RecordCounters<HotColdRecord> {
 public:
  static constexpr std::string_view name = "hot-cold";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "the seed's hot [8]int64 / cold [8]int64 record, each on its own 64-byte line (alignas(64), sizeof 128)";
  static constexpr std::size_t separation = cache_line;

  using RecordCounters<HotColdRecord>::RecordCounters;

  static constexpr auto layout() {
    return layout_of<HotColdRecord>(
        "HotColdRecord",
        {field("hotData", offsetof(HotColdRecord, hot_data), sizeof(HotColdRecord::hot_data), "hot"),
         field("coldData", offsetof(HotColdRecord, cold_data), sizeof(HotColdRecord::cold_data), "cold")});
  }
};

}  // namespace gauntlet::layout
