#pragma once
// The seed's cache-optimized struct (section 4.1), as written: a known-bad variant.
//
//   type CacheOptimizedStruct struct {
//       hotData  [8]int64
//       _        [56]byte // padding to separate cache lines
//       coldData [8]int64
//       _        [56]byte
//   }
//
// The flaw: 64 + 56 = 120, so coldData starts at byte 120 and straddles lines
// 1 and 2; sizeof is 240, not a multiple of 64, and alignof is 8, so in an
// array every element after the first starts mid-line and its hotData spans
// two lines. (The seed's MemoryAligned, with [0]int64 markers, aligns nothing
// to 64 either: SeedMemoryAligned below, for the layout check's tests.)
// One struct per thread, the thread incrementing hotData[0]; coldData is
// written once, at construction.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "impls/layout/interface.hpp"
#include "impls/layout/record_counters.hpp"

namespace gauntlet::layout {

struct SeedRecord {
  atomic<std::int64_t> hot_data[8];
  char pad1[56];  // the mutation point: 56 is not what reaches the next line (64 + 56 = 120)
  std::int64_t cold_data[8];
  char pad2[56];
};

struct SeedMemoryAligned {
  std::int64_t marker_begin[0];  // Go's [0]int64: zero bytes, alignment 8, not 64
  std::int64_t data[8];
  std::int64_t marker_end[0];
};

class SeedCounters : public RecordCounters<SeedRecord> {
 public:
  static constexpr std::string_view name = "seed";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "the seed's (4.1) hot [8]int64 + 56-byte pad + cold [8]int64 + 56-byte pad, one per thread: cold data "
      "straddles lines 1-2, sizeof 240 leaves array elements misaligned";
  static constexpr auto caught_by = checks("layout-check");
  static constexpr std::size_t separation = cache_line;  // what the seed's comment claims

  using RecordCounters<SeedRecord>::RecordCounters;

  static constexpr auto layout() {
    return layout_of<SeedRecord>(
        "CacheOptimizedStruct",
        {field("hotData", offsetof(SeedRecord, hot_data), sizeof(SeedRecord::hot_data), "hot"),
         padding("_", offsetof(SeedRecord, pad1), sizeof(SeedRecord::pad1)),
         field("coldData", offsetof(SeedRecord, cold_data), sizeof(SeedRecord::cold_data), "cold"),
         padding("_", offsetof(SeedRecord, pad2), sizeof(SeedRecord::pad2))});
  }
};

}  // namespace gauntlet::layout
