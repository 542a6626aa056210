#pragma once
// What one simulated run is made of before a protocol joins it: the run's only
// randomness, virtual time, the trace of recent events and the fault schedule.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "verify/sim/event_queue.hpp"
#include "verify/sim/nemesis.hpp"
#include "verify/sim/rng.hpp"
#include "verify/sim/trace.hpp"

namespace gauntlet::sim {

struct World {
  // A schedule not given is drawn first thing from the seed, so a seed always draws the same one.
  World(std::uint64_t seed, std::size_t trace_capacity, const std::optional<NemesisSpec>& nemesis)
      : rng(seed), trace(trace_capacity), spec(nemesis ? *nemesis : NemesisSpec::random(rng)) {}

  Rng rng;  // declared first: `spec` may draw from it
  EventQueue events;
  Trace trace;
  NemesisSpec spec;
};

}  // namespace gauntlet::sim
