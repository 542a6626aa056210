#pragma once
// Known-bad: the MPMC queue without the producer's slot-sequence check. A
// producer claims a position without looking whether the consumer of the
// last lap has freed its slot, and overwrites an element nobody has read.
#include <string_view>

#include "impls/queue/mpmc_queue.hpp"

namespace gauntlet::queue {

template <class T>
class MpmcNoSeqCheck : public BasicMpmcQueue<T, cache_line, false> {
 public:
  static constexpr std::string_view name = "mpmc-no-seq-check";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "Vyukov MPMC without the producer's slot-sequence check (known-bad: overwrites unread slots)";
  static constexpr auto caught_by = checks("publication-fifo-wrap", "bounded-fifo-wrap");
  template <class U>
  using rebind = MpmcNoSeqCheck<U>;
  using BasicMpmcQueue<T, cache_line, false>::BasicMpmcQueue;
};

}  // namespace gauntlet::queue
