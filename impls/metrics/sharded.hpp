#pragma once
// Per-shard counters: a power-of-two number of shards (by default the
// hardware's thread count rounded up, at most 64), each with its own cell
// for every series in its own allocation; a thread adds to shard
// thread_slot() & (shards - 1) with a relaxed fetch_add (threads beyond the
// shard count share), and a scrape sums a series' cells over the shards.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <thread>

#include "impls/metrics/basic_registry.hpp"
#include "impls/metrics/chunks.hpp"

namespace gauntlet::metrics {

inline unsigned default_shards() {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  return std::min(64u, std::bit_ceil(hw));
}

template <std::size_t ChunkCells = 1024, std::size_t MaxChunks = 1024>
class ShardedCells {
 public:
  using Ref = std::uint32_t;

  explicit ShardedCells(unsigned shards = default_shards())
      : shards_(std::bit_ceil(std::max(1u, shards))), cells_(new Chunks<ChunkCells, MaxChunks>[shards_]) {}

  Ref make(std::uint32_t id) {
    for (unsigned s = 0; s < shards_; ++s) cells_[s].make(id);
    return id;
  }
  void add(const Ref& id, std::uint64_t n) {
    cells_[thread_slot() & (shards_ - 1)].cell(id).fetch_add(n, std::memory_order_relaxed);
  }
  void read_all(std::uint64_t* out, std::size_t n) const {
    for (std::size_t i = 0; i < n; ++i) out[i] = 0;
    for (unsigned s = 0; s < shards_; ++s) cells_[s].add_into(out, n);
  }
  unsigned shards() const { return shards_; }

 private:
  unsigned shards_;
  std::unique_ptr<Chunks<ChunkCells, MaxChunks>[]> cells_;
};

class ShardedRegistry : public BasicRegistry<ShardedCells<>> {
 public:
  static constexpr std::string_view name = "sharded";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "per-shard cells (shards: hardware threads rounded up to a power of two, at most 64), thread_slot() picks "
      "the shard, relaxed fetch_add; scrape sums the shards";
  unsigned shards() { return cells().shards(); }
};

}  // namespace gauntlet::metrics
