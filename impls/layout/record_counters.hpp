#pragma once
// RecordCounters<Record>: one Record per thread in one array, the thread
// incrementing its record's hot_data[0] and cold_data written once, at
// construction. The seed's struct (seed.hpp) and ours (hot_cold.hpp) share
// it, so the record's layout is the one thing that differs between them.
#include <cstdint>
#include <memory>

#include "impls/layout/interface.hpp"

namespace gauntlet::layout {

template <class Record>
class RecordCounters {
 public:
  explicit RecordCounters(unsigned threads)
      : threads_(check_threads(threads)), records_(std::make_unique<Record[]>(threads_)) {
    for (unsigned t = 0; t < threads_; ++t)
      for (auto& c : records_[t].cold_data) c = t;
  }

  void increment(unsigned i) { counter_add(records_[i].hot_data[0]); }
  std::uint64_t sum() const {
    std::uint64_t s = 0;
    for (unsigned t = 0; t < threads_; ++t) s += counter_read(records_[t].hot_data[0]);
    return s;
  }
  const void* cell(unsigned i) const { return &records_[i].hot_data[0]; }
  unsigned threads() const { return threads_; }

 private:
  unsigned threads_;
  std::unique_ptr<Record[]> records_;
};

}  // namespace gauntlet::layout
