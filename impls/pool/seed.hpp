#pragma once
// The seed's pool (HighPerfPool, section 4.2), faithfully: size classes, each a
// mutex-protected free list (Go's sync.Pool), the class found by scanning
// `sizes` linearly for the first that fits; nothing above the largest class.
// Put scans with the size it is given, so a size that does not match the one
// used at Get files the block in another class, silently (a later Get of that
// class then hands out a block too small for it): verify/pool/test_contract.cpp
// shows it.
#include <array>
#include <cstddef>
#include <string_view>

#include "impls/pool/locked_classes.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::pool {

struct LinearLookup {
  static constexpr std::string_view name = "seed";
  static constexpr std::array<std::size_t, class_count> sizes = {16, 32, 64, 128, 256, 512, 1024, 2048, 4096};
  static std::size_t index(std::size_t n) {
    for (std::size_t i = 0; i < sizes.size(); ++i)
      if (n <= sizes[i]) return i;
    return class_count;
  }
};

class SeedPool : public BasicLockedClassPool<LinearLookup, false> {
 public:
  static constexpr std::string_view name = "seed";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "the seed: a mutex free list per size class, linear class search; a Put with the wrong size is misfiled";
  using BasicLockedClassPool::BasicLockedClassPool;
};

}  // namespace gauntlet::pool
