#pragma once
// Packed counters: a known-bad variant.
//
// One 8-byte counter per thread, side by side: eight threads' counters share
// each 64-byte line, so every increment pulls the line away from the others
// (false sharing). The layout a plain `std::uint64_t counts[threads]` gets.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "impls/layout/interface.hpp"

namespace gauntlet::layout {

class PackedCounters {
 public:
  static constexpr std::string_view name = "packed";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "one 8-byte counter per thread, side by side: 8 threads share a line (false sharing)";
  static constexpr auto caught_by = checks("layout-check", "layout-placement");
  static constexpr std::size_t separation = cache_line;

  explicit PackedCounters(unsigned threads)
      : threads_(check_threads(threads)), cells_(std::make_unique<atomic<std::uint64_t>[]>(threads_)) {}

  void increment(unsigned i) { counter_add(cells_[i]); }
  std::uint64_t sum() const {
    std::uint64_t s = 0;
    for (unsigned t = 0; t < threads_; ++t) s += counter_read(cells_[t]);
    return s;
  }
  const void* cell(unsigned i) const { return &cells_[i]; }
  unsigned threads() const { return threads_; }

  static constexpr auto layout() {
    return layout_of<atomic<std::uint64_t>>("packed counter", {field("counter", 0, 8, "owner")});
  }

 private:
  unsigned threads_;
  std::unique_ptr<atomic<std::uint64_t>[]> cells_;  // the mutation point: no padding between owners
};

}  // namespace gauntlet::layout
