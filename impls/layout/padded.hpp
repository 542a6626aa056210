#pragma once
// Counters padded to their own line: each thread's counter alone in an
// Align-byte slot (64: one line; 128: the adjacent-line prefetch pair that
// folly's and crossbeam's padding assume on x86-64).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "impls/layout/interface.hpp"

namespace gauntlet::layout {

template <std::size_t Align>
struct alignas(Align) PaddedCell {
  atomic<std::uint64_t> value{0};
};

template <std::size_t Align>
class BasicPaddedCounters {
 public:
  static constexpr std::size_t separation = Align;

  explicit BasicPaddedCounters(unsigned threads)
      : threads_(check_threads(threads)), cells_(std::make_unique<PaddedCell<Align>[]>(threads_)) {}

  void increment(unsigned i) { counter_add(cells_[i].value); }
  std::uint64_t sum() const {
    std::uint64_t s = 0;
    for (unsigned t = 0; t < threads_; ++t) s += counter_read(cells_[t].value);
    return s;
  }
  const void* cell(unsigned i) const { return &cells_[i].value; }
  unsigned threads() const { return threads_; }

  static constexpr auto layout() {
    return layout_of<PaddedCell<Align>>("padded cell", {field("value", 0, 8, "owner")});
  }

 private:
  unsigned threads_;
  std::unique_ptr<PaddedCell<Align>[]> cells_;
};

class Padded64Counters : public BasicPaddedCounters<cache_line> {
 public:
  static constexpr std::string_view name = "padded-64";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description = "each thread's counter alone on a 64-byte line (alignas(64))";
  using BasicPaddedCounters::BasicPaddedCounters;
};

class Padded128Counters : public BasicPaddedCounters<prefetch_pair> {
 public:
  static constexpr std::string_view name = "padded-128";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "each thread's counter alone in a 128-byte slot (alignas(128)): the adjacent-line pair folly and crossbeam "
      "assume";
  using BasicPaddedCounters::BasicPaddedCounters;
};

}  // namespace gauntlet::layout
