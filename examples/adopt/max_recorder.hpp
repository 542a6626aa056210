#pragma once
// An out-of-tree heartbeat recorder, written as a user of gauntlet would, to
// show what `scripts/gauntlet adopt detector` needs of the threaded kind: the
// family's Recorder interface (impls/detector/interface.hpp) and, for the
// model check, shared memory reached through gauntlet's platform layer
// (gauntlet::atomic) instead of std::atomic. One pair of words per node.
#include <cstdint>
#include <memory>

#include "impls/detector/interface.hpp"
#include "impls/platform/platform.hpp"

namespace example {

using gauntlet::detector::micros;
using gauntlet::detector::node_id;

template <bool CasMaximum>
class BasicMaxRecorder {
 public:
  explicit BasicMaxRecorder(unsigned nodes)
      : last_(std::make_unique<gauntlet::atomic<micros>[]>(nodes)),
        count_(std::make_unique<gauntlet::atomic<std::uint64_t>[]>(nodes)) {
    for (unsigned i = 0; i < nodes; ++i) {
      last_[i].store(0, std::memory_order_relaxed);
      count_[i].store(0, std::memory_order_relaxed);
    }
  }

  void record(node_id n, micros now) {
    if constexpr (CasMaximum) {
      // Raise only: a heartbeat recorded late with an older time leaves the newer one.
      micros seen = last_[n].load(std::memory_order_relaxed);
      while (now > seen && !last_[n].compare_exchange_weak(seen, now, std::memory_order_relaxed)) {
      }
    } else {
      if (now > last_[n].load(std::memory_order_relaxed)) last_[n].store(now, std::memory_order_relaxed);
    }
    count_[n].fetch_add(1, std::memory_order_relaxed);
  }
  micros last_seen(node_id n) const { return last_[n].load(std::memory_order_relaxed); }
  std::uint64_t count(node_id n) const { return count_[n].load(std::memory_order_relaxed); }

 private:
  std::unique_ptr<gauntlet::atomic<micros>[]> last_;
  std::unique_ptr<gauntlet::atomic<std::uint64_t>[]> count_;
};

// Correct: last_seen is a CAS maximum.
using MaxRecorder = BasicMaxRecorder<true>;

}  // namespace example
