#pragma once
// Known-bad: the SPSC ring publishing each slot with a relaxed turn store.
// The consumer can see the slot's new turn before the value written into it,
// and read a value that is not there yet (a data race on the slot).
#include <string_view>

#include "impls/queue/spsc_ring.hpp"

namespace gauntlet::queue {

template <class T>
class SpscRelaxedPublish : public BasicSpscRing<T, cache_line, std::memory_order_relaxed> {
 public:
  static constexpr std::string_view name = "spsc-relaxed-publish";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "SPSC ring publishing the slot with a relaxed store (known-bad: slot read before written)";
  static constexpr auto caught_by = checks("publication-fifo-wrap", "bounded-fifo-wrap");
  template <class U>
  using rebind = SpscRelaxedPublish<U>;
  using BasicSpscRing<T, cache_line, std::memory_order_relaxed>::BasicSpscRing;
};

}  // namespace gauntlet::queue
