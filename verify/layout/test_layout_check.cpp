// The layout check's verdicts (impls/layout/layout_check.hpp): known-good
// structs pass, at compile time and at run time; the seed's structs fail,
// and the messages name the fields.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "impls/layout/family.hpp"

namespace gauntlet::layout {
namespace {

bool any_contains(const std::vector<std::string>& msgs, const std::string& what) {
  return std::any_of(msgs.begin(), msgs.end(), [&](const std::string& m) { return m.find(what) != std::string::npos; });
}

// A user's struct, done right: two writers' fields a line apart.
struct alignas(64) GoodPair {
  std::uint64_t producer_index;
  alignas(64) std::uint64_t consumer_index;
};
constexpr auto good_pair =
    layout_of<GoodPair>("GoodPair", {field("producer_index", offsetof(GoodPair, producer_index), 8, "producer"),
                                     field("consumer_index", offsetof(GoodPair, consumer_index), 8, "consumer")});
static_assert(separated(good_pair, 64));
static_assert(!separated(good_pair, 128));  // 64 apart: one 128-byte prefetch pair

// The same fields without the alignment.
struct BadPair {
  std::uint64_t producer_index;
  std::uint64_t consumer_index;
};
constexpr auto bad_pair =
    layout_of<BadPair>("BadPair",
                       {field("producer_index", offsetof(BadPair, producer_index), 8, "producer"),
                        field("consumer_index", offsetof(BadPair, consumer_index), 8, "consumer")},
                       /*in_array=*/false);
static_assert(!separated(bad_pair, 64));

// Our records pass at the separation they claim, in every build of this test.
static_assert(separated(Padded64Counters::layout(), 64));
static_assert(separated(Padded128Counters::layout(), 128));
static_assert(separated(HotColdCounters::layout(), 64));
static_assert(separated(ShardedCounters::layout(), 128));
static_assert(separated(ThreadPrivateCounters::layout(), 128));
static_assert(!separated(Padded64Counters::layout(), 128));  // neighbours share a 128-byte pair
static_assert(!separated(SeedCounters::layout(), 64));
static_assert(!separated(PackedCounters::layout(), 64));

constexpr auto seed_aligned = layout_of<SeedMemoryAligned>(
    "MemoryAligned", {field("data", offsetof(SeedMemoryAligned, data), sizeof(SeedMemoryAligned::data), "data")},
    /*in_array=*/false);

TEST_CASE("the seed's record sizes are the Go struct's", "[layout][check]") {
  STATIC_REQUIRE(sizeof(SeedRecord) == 240);
  STATIC_REQUIRE(alignof(SeedRecord) == 8);
  STATIC_REQUIRE(offsetof(SeedRecord, cold_data) == 120);
  STATIC_REQUIRE(sizeof(SeedMemoryAligned) == 64);
  STATIC_REQUIRE(alignof(SeedMemoryAligned) == 8);
  STATIC_REQUIRE(sizeof(HotColdRecord) == 128);
}

TEST_CASE("known-good structs pass with nothing to explain", "[layout][check]") {
  CHECK(explain(good_pair, 64).empty());
  CHECK(explain(Padded64Counters::layout(), 64).empty());
  CHECK(explain(Padded128Counters::layout(), 128).empty());
  CHECK(explain(HotColdCounters::layout(), 64).empty());
  CHECK(explain(ShardedCounters::layout(), 128).empty());
  CHECK(explain(ThreadPrivateCounters::layout(), 128).empty());
}

TEST_CASE("the seed's CacheOptimizedStruct fails, naming its fields", "[layout][check]") {
  auto msgs = explain(SeedCounters::layout(), 64);
  for (auto& m : msgs) UNSCOPED_INFO(m);
  CHECK(any_contains(msgs, "alignof 8 is not a multiple of 64"));
  CHECK(any_contains(msgs,
                     "sizeof 240 is not a multiple of 64: in an array, element 1 starts at byte 240, 48 bytes "
                     "into line 3"));
  CHECK(any_contains(msgs, "coldData [120, 184) straddles lines 1 and 2"));
  CHECK(any_contains(msgs, "element 1's hotData [240, 304) straddles lines 3 and 4"));
  CHECK(count_findings(SeedCounters::layout(), 64) == msgs.size());
}

TEST_CASE("at 128 bytes the seed's hot and cold data share a prefetch pair", "[layout][check]") {
  auto msgs = explain(SeedCounters::layout(), 128);
  for (auto& m : msgs) UNSCOPED_INFO(m);
  CHECK(any_contains(msgs, "hotData [0, 64) (hot) shares 128-byte line 0 with coldData [120, 184) (cold)"));
}

TEST_CASE("the seed's MemoryAligned aligns nothing to 64", "[layout][check]") {
  auto msgs = explain(seed_aligned, 64);
  for (auto& m : msgs) UNSCOPED_INFO(m);
  REQUIRE(msgs.size() == 2);
  CHECK(any_contains(msgs, "MemoryAligned: alignof 8 is not a multiple of 64"));
  CHECK(any_contains(msgs,
                     "data [8, 72) straddles lines 0 and 1 (64-byte lines) when placed 8 bytes past a line "
                     "boundary"));
}

TEST_CASE("sharing names both fields and both owners", "[layout][check]") {
  auto msgs = explain(bad_pair, 64);
  for (auto& m : msgs) UNSCOPED_INFO(m);
  CHECK(any_contains(msgs,
                     "BadPair: producer_index [0, 8) (producer) shares 64-byte line 0 with consumer_index [8, "
                     "16) (consumer)"));
  auto packed = explain(PackedCounters::layout(), 64);
  CHECK(any_contains(packed,
                     "counter [0, 8) (owner) shares 64-byte line 0 with element 1's counter [8, 16) "
                     "(element 1, owner)"));
}

TEST_CASE("padding may share a line with anything; a field larger than a line may span lines", "[layout][check]") {
  struct alignas(64) Big {
    char block[100];
    char tail[28];
  };
  constexpr auto big =
      layout_of<Big>("Big", {field("block", offsetof(Big, block), 100, "a"), padding("tail", offsetof(Big, tail), 28)});
  STATIC_REQUIRE(separated(big, 64));
}

TEST_CASE("a field straddling only in the second element is found", "[layout][check]") {
  struct alignas(8) Odd {
    std::uint64_t a[5];  // 40 bytes: element 1 at 40 spans [40, 80)
  };
  constexpr auto odd = layout_of<Odd>("Odd", {field("a", 0, 40, "x")});
  auto msgs = explain(odd, 64);
  CHECK(any_contains(msgs, "sizeof 40"));
  CHECK(any_contains(msgs, "straddles"));
}

}  // namespace
}  // namespace gauntlet::layout
