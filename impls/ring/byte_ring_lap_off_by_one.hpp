#pragma once
// Known-bad: the single-producer byte ring whose free-space check is off by
// one word. The producer may run one word past the consumer and overwrite
// the oldest record before it has been read.
#include <string_view>

#include "impls/ring/byte_ring.hpp"

namespace gauntlet::ring {

class ByteRingLapOffByOne : public BasicByteRing<false, true> {
 public:
  static constexpr std::string_view name = "byte-ring-lap-off-by-one";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "zero-copy byte ring whose free-space check is off by one word (known-bad: laps the consumer)";
  static constexpr auto caught_by = checks("fifo-wrap");
  using BasicByteRing<false, true>::BasicByteRing;
};

}  // namespace gauntlet::ring
