#pragma once
// A seeded heartbeat trace: what an observer receives from `nodes` senders,
// each sending `intervals` heartbeats about one heartbeat_interval apart and
// then crashing at a known time, plus the observer's own stalls.
//
// Per sender: the inter-send time is the interval plus noise drawn from the
// node's model (normal, log-normal, or heavy-tailed Pareto, in turn by node);
// with gc_probability per heartbeat the sender pauses (a garbage collection)
// for gc_min..gc_max first; the network adds a small exponential delay, and
// with spike_probability a delay spike of spike_min..spike_max. The crash time
// is when the next heartbeat would have been sent.
// Observer stalls begin at exponential gaps of mean stall_every (none when 0),
// last stall_min..stall_max, and lie on the tick grid.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "impls/detector/interface.hpp"

namespace gauntlet::detector {

enum class Jitter { normal, lognormal, pareto };

struct TraceSpec {
  unsigned nodes = 16;
  unsigned intervals = 4000;  // heartbeats per node before its crash
  double jitter_ms = 40;      // the noise's scale
  double gc_probability = 0;
  micros gc_min = 1 * seconds, gc_max = 3 * seconds;
  double spike_probability = 0;
  micros spike_min = 500 * ms, spike_max = 2 * seconds;
  micros stall_every = 0;
  micros stall_min = 2 * seconds, stall_max = 5 * seconds;
  micros observe_after_crash = 60 * seconds;
  std::uint64_t seed = 1;
};

struct Arrival {
  micros time;
  node_id node;
};
struct Stall {
  micros begin, end;  // the observer runs nothing in (begin, end); both on the tick grid
};

struct Trace {
  std::vector<Arrival> arrivals;  // by time
  std::vector<micros> crash;      // per node
  std::vector<Stall> stalls;      // by time, disjoint
  micros end = 0;
  unsigned gc_pauses = 0, spikes = 0;
};

inline micros on_tick_grid(micros t) { return (t / tick_period) * tick_period; }

inline Trace make_trace(const TraceSpec& spec) {
  std::mt19937_64 rng(spec.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto uniform = [&](micros lo, micros hi) {
    return lo + static_cast<micros>(unit(rng) * static_cast<double>(hi - lo));
  };
  std::normal_distribution<double> normal(0.0, 1.0);
  std::exponential_distribution<double> exp_ms(1.0 / 5.0);  // network delay, mean 5 ms
  Trace tr;
  tr.crash.resize(spec.nodes);
  for (node_id n = 0; n < spec.nodes; ++n) {
    const auto model = static_cast<Jitter>(n % 3);
    micros send = uniform(0, heartbeat_interval);
    for (unsigned i = 0; i < spec.intervals; ++i) {
      if (unit(rng) < spec.gc_probability) {
        send += uniform(spec.gc_min, spec.gc_max);
        ++tr.gc_pauses;
      }
      micros delay = 1 * ms + static_cast<micros>(exp_ms(rng) * ms);
      if (unit(rng) < spec.spike_probability) {
        delay += uniform(spec.spike_min, spec.spike_max);
        ++tr.spikes;
      }
      tr.arrivals.push_back({send + delay, n});
      double noise_ms = 0;
      switch (model) {
        case Jitter::normal:
          noise_ms = spec.jitter_ms * normal(rng);
          break;
        case Jitter::lognormal:  // median 1, right-skewed, centred on its mean
          noise_ms = spec.jitter_ms * (std::exp(0.8 * normal(rng)) - std::exp(0.32));
          break;
        case Jitter::pareto:  // shape 2.5: finite variance, heavy tail, centred on its mean
          noise_ms = spec.jitter_ms * (std::pow(1.0 - unit(rng), -1.0 / 2.5) - 2.5 / 1.5);
          break;
      }
      send += std::max<micros>(50 * ms, heartbeat_interval + static_cast<micros>(noise_ms * ms));
    }
    tr.crash[n] = send;
  }
  std::sort(tr.arrivals.begin(), tr.arrivals.end(), [](const Arrival& a, const Arrival& b) {
    return a.time < b.time || (a.time == b.time && a.node < b.node);
  });
  const micros last_crash = *std::max_element(tr.crash.begin(), tr.crash.end());
  tr.end = on_tick_grid(last_crash + spec.observe_after_crash);
  if (spec.stall_every > 0) {
    std::exponential_distribution<double> gap(1.0 / static_cast<double>(spec.stall_every));
    micros t = on_tick_grid(static_cast<micros>(gap(rng))) + 10 * seconds;
    while (t < last_crash) {
      const micros e = on_tick_grid(t + uniform(spec.stall_min, spec.stall_max));
      tr.stalls.push_back({t, e});
      t = on_tick_grid(e + static_cast<micros>(gap(rng))) + seconds;
    }
  }
  return tr;
}

}  // namespace gauntlet::detector
