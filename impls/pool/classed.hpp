#pragma once
// Size classes with constant-time lookup: power-of-two classes, the class of n
// is bit_width(n - 1) (interface.hpp), each class a mutex-protected free list.
// Frees are checked: a double free or a size from another class is refused.
#include <cstddef>
#include <string_view>

#include "impls/pool/locked_classes.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::pool {

struct Pow2Lookup {
  static constexpr std::string_view name = "classed";
  static std::size_t index(std::size_t n) { return n > max_block ? class_count : class_of(n); }
};

class ClassedPool : public BasicLockedClassPool<Pow2Lookup, true> {
 public:
  static constexpr std::string_view name = "classed";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "power-of-two size classes, O(1) class lookup, a mutex free list per class; checked frees";
  using BasicLockedClassPool::BasicLockedClassPool;
};

}  // namespace gauntlet::pool
