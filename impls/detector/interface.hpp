#pragma once
// The detector family's interfaces. Two kinds of member share one list:
//
// A Detector is a single-threaded object over virtual time (microseconds, an
// integer): the same calls give the same answers, so every sweep replays.
//   explicit D(double knob)           the detector's one tuning knob (D::knob_name)
//   void heartbeat(node_id n, micros now)   a heartbeat from n arrived at the observer
//   void tick(micros now)             the observer's periodic check, every tick_period
//                                     while it runs (the seed counts its failures here,
//                                     the local-health variant notices its own stalls)
//   bool suspect(node_id n, micros now) const
//   double suspicion(node_id n, micros now) const   a level (phi, a miss count, ...)
//   D::knob_name, D::default_knob, D::knob_sweep   the knob and the values swept
//
// A Recorder is the threaded hot path in front of them: many threads record
// heartbeats of many nodes; a reader takes each node's latest arrival and count.
//   explicit R(unsigned nodes)
//   void record(node_id n, micros now)   thread-safe
//   micros last_seen(node_id n) const    the largest time recorded for n (0: none)
//   std::uint64_t count(node_id n) const the heartbeats recorded for n
//
// Why one list with two kinds: the recorder is where threads share state, so
// it is what Relacy and the mutation sweep see; the detectors carry the
// detection-time curve. Both are the family's implementations, each checked by
// the checks of its kind.
#include <concepts>
#include <cstdint>
#include <span>
#include <string_view>

#include "impls/registry/registry.hpp"

namespace gauntlet::detector {

using micros = std::int64_t;
using node_id = std::uint32_t;

inline constexpr micros ms = 1000;
inline constexpr micros seconds = 1000 * ms;
// The heartbeat interval every detector is configured for, and the observer's check period.
inline constexpr micros heartbeat_interval = 1 * seconds;
inline constexpr micros tick_period = 100 * ms;

template <class D>
concept Detector = requires(D d, const D cd, node_id n, micros t, double knob) {
  D(knob);
  d.heartbeat(n, t);
  d.tick(t);
  { cd.suspect(n, t) } -> std::same_as<bool>;
  { cd.suspicion(n, t) } -> std::convertible_to<double>;
  { D::knob_name } -> std::convertible_to<std::string_view>;
  { D::default_knob } -> std::convertible_to<double>;
  std::span<const double>(D::knob_sweep);
};

template <class R>
concept Recorder = requires(R r, const R cr, node_id n, micros t, unsigned nodes) {
  R(nodes);
  r.record(n, t);
  { cr.last_seen(n) } -> std::same_as<micros>;
  { cr.count(n) } -> std::same_as<std::uint64_t>;
};

template <class T>
concept Member = Detector<T> || Recorder<T>;

}  // namespace gauntlet::detector
