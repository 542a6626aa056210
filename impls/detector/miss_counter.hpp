#pragma once
// BasicMissCounter<ResetOnHeartbeat>: the seed's detector (section 6.2) and
// ours, one base. Every `interval` (the seed's ticker) the observer checks each
// node; a node whose last heartbeat is older than one interval gets one more
// failure, and a node with `threshold` failures is declared dead.
//
//   if now.Sub(status.LastSeen) > fd.interval {
//       status.Failures++
//       if status.Failures >= fd.threshold { fd.handleNodeFailure(id) }
//   }
//
// The seed never resets Failures; ours resets it on a heartbeat, so the count
// is of consecutive misses.
#include <array>
#include <cstdint>
#include <string_view>

#include "impls/detector/interface.hpp"
#include "impls/detector/node_table.hpp"

namespace gauntlet::detector {

template <bool ResetOnHeartbeat>
class BasicMissCounter {
 public:
  static constexpr std::string_view knob_name = "misses";
  static constexpr double default_knob = 3;
  static constexpr std::array<double, 10> knob_sweep = {1, 2, 3, 4, 5, 6, 7, 8, 10, 12};

  explicit BasicMissCounter(double threshold) : threshold_(static_cast<int>(threshold)) {}

  void heartbeat(node_id n, micros now) {
    Status& s = nodes_.at(n);
    s.seen = true;
    s.last_seen = now;
    if (ResetOnHeartbeat) s.failures = 0;  // the mutation point: the seed never resets Failures
  }

  // The seed's ticker fires every interval; the harness ticks more often. A Go
  // ticker drops the ticks a slow receiver missed: after a stall one check
  // runs, and the next keeps the ticker's phase.
  void tick(micros now) {
    if (next_check_ == 0) next_check_ = now + heartbeat_interval;
    if (now < next_check_) return;
    while (next_check_ <= now) next_check_ += heartbeat_interval;
    for (Status& s : nodes_.all())
      if (s.seen && now - s.last_seen > heartbeat_interval) ++s.failures;
  }

  bool suspect(node_id n, micros) const {
    const Status* s = nodes_.find(n);
    return s != nullptr && s->failures >= threshold_;
  }
  double suspicion(node_id n, micros) const {
    const Status* s = nodes_.find(n);
    return s == nullptr ? 0.0 : static_cast<double>(s->failures);
  }

 private:
  struct Status {
    bool seen = false;
    micros last_seen = 0;
    int failures = 0;
  };
  int threshold_;
  micros next_check_ = 0;
  NodeTable<Status> nodes_;
};

}  // namespace gauntlet::detector
