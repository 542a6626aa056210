#pragma once
// Sharded counters: a power-of-two number of shards, each alone in a 128-byte
// slot (the adjacent-line pair), thread i writing shard i & (shards - 1). With
// at most max_shards threads every thread has its own shard; beyond that
// threads share shards, and the atomic add keeps the sum exact.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "impls/layout/interface.hpp"

namespace gauntlet::layout {

struct alignas(prefetch_pair) Shard {
  atomic<std::uint64_t> value{0};
};

class ShardedCounters {
 public:
  static constexpr std::string_view name = "sharded";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "power-of-two shards in 128-byte slots, thread i on shard i & (shards - 1); threads beyond max_shards share";
  static constexpr std::size_t separation = prefetch_pair;
  static constexpr unsigned max_shards = 256;

  explicit ShardedCounters(unsigned threads, unsigned shard_limit = max_shards)
      : threads_(check_threads(threads)),
        shards_(shard_count(threads_, shard_limit)),
        slots_(std::make_unique<Shard[]>(shards_)) {}

  void increment(unsigned i) { counter_add(slots_[i & (shards_ - 1)].value); }
  std::uint64_t sum() const {
    std::uint64_t s = 0;
    for (unsigned k = 0; k < shards_; ++k) s += counter_read(slots_[k].value);
    return s;
  }
  const void* cell(unsigned i) const { return &slots_[i & (shards_ - 1)].value; }
  unsigned threads() const { return threads_; }
  unsigned shards() const { return shards_; }

  static constexpr auto layout() { return layout_of<Shard>("Shard", {field("value", 0, 8, "owner")}); }

 private:
  // bit_ceil(threads), at most the largest power of two <= limit.
  static unsigned shard_count(unsigned threads, unsigned limit) {
    const unsigned cap = std::bit_floor(limit ? limit : 1u);
    const unsigned want = std::bit_ceil(threads);
    return want < cap ? want : cap;
  }

  unsigned threads_;
  unsigned shards_;
  std::unique_ptr<Shard[]> slots_;
};

}  // namespace gauntlet::layout
