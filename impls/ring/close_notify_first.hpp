#pragma once
// Known-bad: the single-producer blocking ring whose close() wakes the
// waiters before it marks the ring closed. A reader that checks between the
// two finds the ring open and empty, sleeps, and nobody wakes it again.
#include <string_view>

#include "impls/ring/blocking_ring.hpp"
#include "impls/ring/byte_ring.hpp"

namespace gauntlet::ring {

class CloseNotifyFirstRing : public BasicBlockingRing<ByteRing<false>, CloseOrder::notify_then_store> {
 public:
  static constexpr std::string_view name = "byte-ring-close-notify-first";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "single-producer byte ring whose close() wakes the waiters before it marks the ring closed "
      "(known-bad: a reader can sleep through the close)";
  // Both are exhaustive within one preemption, so they catch it on every run.
  static constexpr auto caught_by = checks("close-drain-bounded", "close-wakes-writer");
  using BasicBlockingRing<ByteRing<false>, CloseOrder::notify_then_store>::BasicBlockingRing;
};

}  // namespace gauntlet::ring
