#pragma once
// Runs a detector over a trace in virtual time and measures Chen, Toueg and
// Aguilera's quality of service:
//   detection time T_D   crash to the start of permanent suspicion (to the
//                        end of the trace); a node still trusted at the end
//                        is `undetected` and counts as the whole window
//   mistakes             trusted -> suspected transitions of a live node
//                        (false suspicions), per hour of live node time and
//                        per heartbeat interval
//   query accuracy P_A   the fraction of queries of a live node that trust it
// The observer ticks every tick_period and queries every node after each
// tick. During a stall it does nothing: heartbeats arriving then wait and are
// processed at the stall's end, after that tick's check (the timer fires
// before the backlog is drained, so the check sees every node silent).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "impls/detector/interface.hpp"
#include "impls/detector/trace.hpp"

namespace gauntlet::detector {

struct QualityPoint {
  double knob = 0;
  std::uint64_t mistakes = 0;
  std::uint64_t intervals = 0;  // heartbeats sent by live nodes
  double live_hours = 0;
  double mistakes_per_hour = 0;
  double mistakes_per_interval = 0;
  double query_accuracy = 0;
  double td_median_ms = 0, td_p90_ms = 0, td_max_ms = 0;
  unsigned crashes = 0, undetected = 0;
  unsigned stall_ticks = 0;  // ticks the observer missed to its stalls
};

inline double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

template <Detector D>
QualityPoint measure(D& d, const Trace& tr, double knob = 0) {
  const std::size_t nodes = tr.crash.size();
  std::vector<char> prev(nodes, 0);
  std::vector<micros> final_start(nodes, -1);  // start of the current suspicion at or after the crash
  std::uint64_t live_queries = 0, trusted = 0, mistakes = 0;
  unsigned stall_ticks = 0;
  std::size_t ai = 0, si = 0;
  for (micros t = tick_period; t <= tr.end; t += tick_period) {
    while (si < tr.stalls.size() && tr.stalls[si].end < t) ++si;
    const bool in_stall = si < tr.stalls.size() && tr.stalls[si].begin < t && t < tr.stalls[si].end;
    if (in_stall) {
      ++stall_ticks;
      continue;
    }
    const bool stall_end = si < tr.stalls.size() && t == tr.stalls[si].end;
    const micros deliver_until = stall_end ? tr.stalls[si].begin : t;
    for (; ai < tr.arrivals.size() && tr.arrivals[ai].time <= deliver_until; ++ai)
      d.heartbeat(tr.arrivals[ai].node, tr.arrivals[ai].time);
    d.tick(t);
    for (node_id n = 0; n < nodes; ++n) {
      const bool s = d.suspect(n, t);
      if (t < tr.crash[n]) {
        ++live_queries;
        if (!s) ++trusted;
        if (s && !prev[n]) ++mistakes;
      } else if (!s) {
        final_start[n] = -1;
      } else if (final_start[n] < 0) {
        final_start[n] = t;
      }
      prev[n] = s;
    }
    if (stall_end)  // the backlog, processed once the check has run
      for (; ai < tr.arrivals.size() && tr.arrivals[ai].time <= t; ++ai) d.heartbeat(tr.arrivals[ai].node, t);
  }
  QualityPoint p;
  p.knob = knob;
  p.mistakes = mistakes;
  p.stall_ticks = stall_ticks;
  std::vector<double> td;
  double live_us = 0;
  for (node_id n = 0; n < nodes; ++n) {
    live_us += static_cast<double>(tr.crash[n]);
    ++p.crashes;
    if (final_start[n] < 0) {
      ++p.undetected;
      td.push_back(static_cast<double>(tr.end - tr.crash[n]) / ms);
    } else {
      td.push_back(static_cast<double>(final_start[n] - tr.crash[n]) / ms);
    }
  }
  p.intervals = tr.arrivals.size();
  p.live_hours = live_us / (3600.0 * seconds);
  p.mistakes_per_hour = p.live_hours > 0 ? static_cast<double>(mistakes) / p.live_hours : 0;
  p.mistakes_per_interval = p.intervals ? static_cast<double>(mistakes) / static_cast<double>(p.intervals) : 0;
  p.query_accuracy = live_queries ? static_cast<double>(trusted) / static_cast<double>(live_queries) : 0;
  p.td_median_ms = quantile(td, 0.5);
  p.td_p90_ms = quantile(td, 0.9);
  p.td_max_ms = quantile(td, 1.0);
  return p;
}

// The detector at one knob value over a trace.
template <Detector D>
QualityPoint measure_at(double knob, const Trace& tr) {
  D d(knob);
  return measure(d, tr, knob);
}

// The sweep of D's knob: one point per value of D::knob_sweep.
template <Detector D>
std::vector<QualityPoint> sweep(const Trace& tr) {
  std::vector<QualityPoint> out;
  for (double k : D::knob_sweep) out.push_back(measure_at<D>(k, tr));
  return out;
}

// The named scenarios of the curve. `mixed`: every jitter model, garbage
// collection pauses and delay spikes; `stalls`: a quiet network under observer stalls.
inline TraceSpec mixed_spec(std::uint64_t seed, unsigned intervals = 4000) {
  TraceSpec s;
  s.intervals = intervals;
  s.gc_probability = 0.002;
  s.spike_probability = 0.002;
  s.seed = seed;
  return s;
}
inline TraceSpec stalls_spec(std::uint64_t seed, unsigned intervals = 4000) {
  TraceSpec s;
  s.intervals = intervals;
  s.stall_every = 120 * seconds;
  s.seed = seed;
  return s;
}

}  // namespace gauntlet::detector
