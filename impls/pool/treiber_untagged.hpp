#pragma once
// Known-bad: the Treiber free list with no tag (TagBits = 0).
// Breaks: a pop preempted between reading top and its CAS succeeds after the
// top was popped and pushed back (ABA), installing a block another thread
// holds: the same block handed out twice (relacy-aba-bounded).
#include <string_view>

#include "impls/pool/treiber_base.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::pool {

class TreiberUntaggedPool : public BasicTreiberPool<0> {
 public:
  static constexpr std::string_view name = "treiber-untagged";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description = "the Treiber free list without an ABA tag";
  static constexpr auto caught_by = gauntlet::checks("relacy-aba-bounded");
  using BasicTreiberPool::BasicTreiberPool;
};

}  // namespace gauntlet::pool
