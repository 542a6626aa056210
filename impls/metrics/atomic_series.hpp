#pragma once
// One atomic per series behind cached handles: a handle keeps its cell's
// address, an increment is one relaxed fetch_add on it, shared by every
// thread that counts that series. The family's reference.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "impls/metrics/basic_registry.hpp"
#include "impls/metrics/chunks.hpp"

namespace gauntlet::metrics {

template <std::size_t ChunkCells = 1024, std::size_t MaxChunks = 1024>
class AtomicCells {
 public:
  using Ref = atomic<std::uint64_t>*;
  Ref make(std::uint32_t id) { return &chunks_.make(id); }
  // Relaxed: a count publishes nothing; the scrape's mutex and the joins order the rest.
  void add(const Ref& r, std::uint64_t n) { r->fetch_add(n, std::memory_order_relaxed); }
  void read_all(std::uint64_t* out, std::size_t n) const {
    for (std::size_t i = 0; i < n; ++i) out[i] = 0;
    chunks_.add_into(out, n);
  }

 private:
  Chunks<ChunkCells, MaxChunks> chunks_;
};

class AtomicSeriesRegistry : public BasicRegistry<AtomicCells<>> {
 public:
  static constexpr std::string_view name = "atomic-series";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "one atomic per series behind cached handles (a relaxed fetch_add shared by every thread; the reference)";
};

}  // namespace gauntlet::metrics
