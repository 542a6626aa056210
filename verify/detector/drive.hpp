#pragma once
// Crafted traces for the detector checks, and a driver that plays one to a
// detector tick by tick (the same loop as impls/detector/sweep.hpp, without
// stalls), calling back after each tick's check.
#include <cstddef>
#include <vector>

#include "impls/detector/sweep.hpp"

namespace gauntlet::detector::test {

// Plays `tr` to d up to `until`; after each tick, on_tick(t) (return false to stop).
template <Detector D, class F>
void drive(D& d, const Trace& tr, micros until, F&& on_tick) {
  std::size_t ai = 0;
  for (micros t = tick_period; t <= until; t += tick_period) {
    for (; ai < tr.arrivals.size() && tr.arrivals[ai].time <= t; ++ai)
      d.heartbeat(tr.arrivals[ai].node, tr.arrivals[ai].time);
    d.tick(t);
    if (!on_tick(t)) return;
  }
}

// One node, heartbeats exactly every interval from 50 ms on; `late` lists the
// heartbeats (by index) sent `extra` later than their turn (the rest shift with them).
inline Trace regular_trace(unsigned heartbeats, std::vector<unsigned> late = {}, micros extra = 0) {
  Trace tr;
  micros t = 50 * ms;
  for (unsigned i = 0; i < heartbeats; ++i) {
    for (unsigned l : late)
      if (l == i) t += extra;
    tr.arrivals.push_back({t, 0});
    t += heartbeat_interval;
  }
  tr.crash = {t};
  tr.end = on_tick_grid(t + 60 * seconds);
  return tr;
}

}  // namespace gauntlet::detector::test
