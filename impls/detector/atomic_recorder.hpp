#pragma once
// Per-node atomics for the hot path: each node's cell (its latest arrival and
// its count) on a line pair of its own, so that recorders of different nodes
// share no line and recorders of one node share one word each.
//
// Memory order: relaxed throughout. The cell publishes no other data: a reader
// wants each word's own value, and each word's coherence order gives it (a
// later load never returns an older value). last_seen is a maximum: a CAS loop
// that only ever raises it, so a heartbeat recorded late with an older time
// cannot move it back.
#include <cstdint>
#include <memory>
#include <string_view>

#include "impls/detector/interface.hpp"
#include "impls/platform/cache.hpp"
#include "impls/platform/platform.hpp"

namespace gauntlet::detector {

class AtomicRecorder {
 public:
  static constexpr std::string_view name = "atomic-recorder";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "heartbeat recording with per-node atomics: a CAS maximum of the arrival time and a counter, one cell per "
      "128-byte line pair";

  explicit AtomicRecorder(unsigned nodes) : cells_(std::make_unique<Cell[]>(nodes)) {
    for (unsigned i = 0; i < nodes; ++i) {
      cells_[i].last_seen.store(0, std::memory_order_relaxed);
      cells_[i].count.store(0, std::memory_order_relaxed);
    }
  }

  void record(node_id n, micros now) {
    Cell& c = cells_[n];
    micros seen = c.last_seen.load(std::memory_order_relaxed);
    while (now > seen && !c.last_seen.compare_exchange_weak(seen, now, std::memory_order_relaxed)) {
    }
    c.count.fetch_add(1, std::memory_order_relaxed);
  }
  micros last_seen(node_id n) const { return cells_[n].last_seen.load(std::memory_order_relaxed); }
  std::uint64_t count(node_id n) const { return cells_[n].count.load(std::memory_order_relaxed); }

 private:
  struct alignas(prefetch_pair) Cell {
    atomic<micros> last_seen;
    atomic<std::uint64_t> count;
  };
  std::unique_ptr<Cell[]> cells_;
};

}  // namespace gauntlet::detector
