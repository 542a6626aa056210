#pragma once
// Ours: the lock-free free list with a 16-bit ABA tag (treiber_base.hpp).
#include <string_view>

#include "impls/pool/treiber_base.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::pool {

class TreiberPool : public BasicTreiberPool<16> {
 public:
  static constexpr std::string_view name = "treiber";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "lock-free Treiber free list per class, 16-bit ABA tag above a 48-bit address; refuses la57 machines";
  using BasicTreiberPool::BasicTreiberPool;
};

}  // namespace gauntlet::pool
