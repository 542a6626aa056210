#pragma once
// Chunked cell storage: a fixed directory of MaxChunks chunk pointers, each
// chunk ChunkCells atomic 64-bit counts, allocated when first needed. Cells
// never move, so handles keep pointers to them, and growing never touches a
// cell that another thread may be writing. The directory's pointers are
// plain: each is written once (under the owner's mutex) before any handle to
// its cells exists.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>

#include "impls/platform/platform.hpp"

namespace gauntlet::metrics {

template <std::size_t ChunkCells, std::size_t MaxChunks>
class Chunks {
 public:
  static constexpr std::size_t capacity = ChunkCells * MaxChunks;

  struct alignas(128) Chunk {
    atomic<std::uint64_t> cells[ChunkCells];
    Chunk() {
      for (auto& c : cells) c.store(0, std::memory_order_relaxed);
    }
  };

  Chunks() : dir_(new std::unique_ptr<Chunk>[MaxChunks]) {}

  // Cell i, its chunk allocated if needed (the caller serializes this).
  atomic<std::uint64_t>& make(std::size_t i) {
    if (i >= capacity) throw std::length_error("metrics: more cells than the registry's capacity");
    auto& chunk = dir_[i / ChunkCells];
    if (!chunk) chunk = std::make_unique<Chunk>();
    return chunk->cells[i % ChunkCells];
  }
  // Cell i, made before.
  atomic<std::uint64_t>& cell(std::size_t i) const { return dir_[i / ChunkCells]->cells[i % ChunkCells]; }
  // Cell i of an allocated chunk, or nullptr.
  atomic<std::uint64_t>* find(std::size_t i) const {
    const auto& chunk = dir_[i / ChunkCells];
    return chunk ? &chunk->cells[i % ChunkCells] : nullptr;
  }
  // Adds cells 0 .. n - 1 into out[0 .. n - 1] (chunks never allocated count 0).
  void add_into(std::uint64_t* out, std::size_t n) const {
    for (std::size_t k = 0; k * ChunkCells < n; ++k) {
      const Chunk* chunk = dir_[k].get();
      if (!chunk) continue;
      const std::size_t end = n - k * ChunkCells < ChunkCells ? n - k * ChunkCells : ChunkCells;
      std::uint64_t* o = out + k * ChunkCells;
      for (std::size_t j = 0; j < end; ++j) o[j] += chunk->cells[j].load(std::memory_order_relaxed);
    }
  }

 private:
  std::unique_ptr<std::unique_ptr<Chunk>[]> dir_;
};

}  // namespace gauntlet::metrics
