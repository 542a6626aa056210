#pragma once
// Known-bad: the Treiber free list with a 2-bit tag (TagBits = 2).
// Breaks: the tag wraps after 4 changes of the head, so a pop preempted across
// three pops and a push still wins its CAS (ABA): a block handed out twice.
// relacy-aba-bounded's schedule makes exactly 4 changes; the 16-bit tag passes it.
#include <string_view>

#include "impls/pool/treiber_base.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::pool {

class TreiberTinyTagPool : public BasicTreiberPool<2> {
 public:
  static constexpr std::string_view name = "treiber-tag2";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description = "the Treiber free list with a 2-bit ABA tag (wraps after 4 changes)";
  static constexpr auto caught_by = gauntlet::checks("relacy-aba-bounded");
  using BasicTreiberPool::BasicTreiberPool;
};

}  // namespace gauntlet::pool
