#pragma once
// The best case and the family's reference: each thread's counter in an
// allocation of its own (a 128-byte aligned block), nothing else on its lines.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "impls/layout/interface.hpp"

namespace gauntlet::layout {

struct alignas(prefetch_pair) PrivateCell {
  atomic<std::uint64_t> value{0};
};

class ThreadPrivateCounters {
 public:
  static constexpr std::string_view name = "thread-private";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "each thread's counter in its own 128-byte aligned allocation (the best case; the reference)";
  static constexpr std::size_t separation = prefetch_pair;

  explicit ThreadPrivateCounters(unsigned threads) : threads_(check_threads(threads)) {
    cells_.reserve(threads_);
    for (unsigned t = 0; t < threads_; ++t) cells_.push_back(std::make_unique<PrivateCell>());
  }

  void increment(unsigned i) { counter_add(cells_[i]->value); }
  std::uint64_t sum() const {
    std::uint64_t s = 0;
    for (const auto& c : cells_) s += counter_read(c->value);
    return s;
  }
  const void* cell(unsigned i) const { return &cells_[i]->value; }
  unsigned threads() const { return threads_; }

  static constexpr auto layout() {
    return layout_of<PrivateCell>("PrivateCell", {field("value", 0, 8, "owner")}, /*in_array=*/false);
  }

 private:
  unsigned threads_;
  std::vector<std::unique_ptr<PrivateCell>> cells_;
};

}  // namespace gauntlet::layout
