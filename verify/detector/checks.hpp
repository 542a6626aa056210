#pragma once
// The detector family's checks, one function each (verify_detector.cpp runs
// them; test_checks.cpp proves each can fail on the case it names).
//
// Detectors, each at its default knob (a test may pass another), on crafted
// and seeded traces:
//   recovers-after-slowness  one node, heartbeats every interval, eight times
//                     one heartbeat 1.5 intervals late (a 2.5-interval gap),
//                     each followed by 30 on time: 10 heartbeats after every
//                     episode the node must be trusted again. The check first
//                     asserts that every episode happened (a gap longer than
//                     one interval in the trace). Catches the seed, which
//                     never resets its failure count.
//   detects-crash     the same node crashes after 60 heartbeats: it must be
//                     suspected within 30 s and stay suspected to the end.
//   trusts-steady-node  16 nodes of a quiet seeded trace (10 ms jitter, no
//                     pauses): no false suspicion before the crashes.
//   replays-from-seed the seeded mixed trace, measured twice: identical figures.
//   observer-stall-tolerated  (phi-lifeguard) four quiet nodes, the observer
//                     stalled 4 s: no node suspected at the check that ends
//                     the stall; asserts the stall happened and that plain phi
//                     does suspect there (the scenario has teeth).
// Recorders:
//   stress-record-exact  4 threads x rounds records over 8 nodes, then on one
//                     node, times from one shared ticket, a reader polling
//                     concurrently: each
//                     node's count exact and its last_seen the largest time
//                     recorded after the joins; while they run, last_seen
//                     never going down, and a writer never reading it below
//                     the time it has just recorded.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "impls/detector/family.hpp"
#include "impls/detector/sweep.hpp"
#include "verify/common/bounded_wait.hpp"
#include "verify/common/verdict.hpp"
#include "verify/detector/drive.hpp"

namespace gauntlet::detector::checks {

template <class D>
verify::CheckResult recovers_after_slowness(double knob = D::default_knob) {
  verify::CheckResult r;
  constexpr unsigned episodes = 8, spacing = 31, first = 30;
  std::vector<unsigned> late;
  for (unsigned e = 0; e < episodes; ++e) late.push_back(first + e * spacing);
  const Trace tr = test::regular_trace(first + episodes * spacing + 1, late, 3 * heartbeat_interval / 2);
  unsigned gaps = 0;
  for (std::size_t i = 1; i < tr.arrivals.size(); ++i)
    if (tr.arrivals[i].time - tr.arrivals[i - 1].time > heartbeat_interval) ++gaps;
  if (gaps != episodes) {
    r.violated = true;
    r.message = "the trace has " + std::to_string(gaps) + " slow episodes, not " + std::to_string(episodes);
    return r;
  }
  D d(knob);
  std::vector<micros> probes;  // 10 heartbeats after each episode
  for (unsigned l : late) probes.push_back(tr.arrivals[l + 10].time + tick_period / 2);
  std::size_t next = 0;
  test::drive(d, tr, tr.crash[0] - tick_period, [&](micros t) {
    if (next < probes.size() && t >= probes[next]) {
      ++r.iterations;
      if (d.suspect(0, t)) {
        r.violated = true;
        r.message = "a live node is still suspected 10 heartbeats after slow episode " + std::to_string(next + 1) +
                    " of " + std::to_string(episodes) + " (suspicion " + std::to_string(d.suspicion(0, t)) + ")";
        return false;
      }
      ++next;
    }
    return true;
  });
  if (!r.violated && next != probes.size()) {
    r.violated = true;
    r.message = "only " + std::to_string(next) + " of " + std::to_string(probes.size()) + " probes ran";
  }
  return r;
}

template <class D>
verify::CheckResult detects_crash(double knob = D::default_knob) {
  verify::CheckResult r;
  const Trace tr = test::regular_trace(60);
  const micros crash = tr.crash[0];
  D d(knob);
  micros first_suspected = -1;
  test::drive(d, tr, crash + 60 * seconds, [&](micros t) {
    if (t < crash) return true;
    ++r.iterations;
    const bool s = d.suspect(0, t);
    if (s && first_suspected < 0) first_suspected = t;
    if (!s && first_suspected >= 0) {
      r.violated = true;
      r.message = "trusted again " + std::to_string((t - crash) / ms) + " ms after the crash, without a heartbeat";
      return false;
    }
    return true;
  });
  if (!r.violated && (first_suspected < 0 || first_suspected - crash > 30 * seconds)) {
    r.violated = true;
    r.message = "a crashed node was not suspected within 30 s";
  }
  return r;
}

template <class D>
verify::CheckResult trusts_steady_node(std::uint64_t seed, double knob = D::default_knob) {
  TraceSpec spec;
  spec.intervals = 500;
  spec.jitter_ms = 10;
  spec.seed = seed;
  const Trace tr = make_trace(spec);
  const QualityPoint p = measure_at<D>(knob, tr);
  verify::CheckResult r;
  r.seed = seed;
  r.iterations = p.intervals;
  if (p.mistakes > 0) {
    r.violated = true;
    r.message = std::to_string(p.mistakes) + " false suspicions of steady live nodes";
  }
  return r;
}

inline bool same(const QualityPoint& a, const QualityPoint& b) {
  return a.mistakes == b.mistakes && a.query_accuracy == b.query_accuracy && a.td_median_ms == b.td_median_ms &&
         a.td_max_ms == b.td_max_ms && a.undetected == b.undetected;
}

template <class D>
verify::CheckResult replays_from_seed(std::uint64_t seed) {
  verify::CheckResult r;
  r.seed = seed;
  const QualityPoint a = measure_at<D>(D::default_knob, make_trace(mixed_spec(seed, 500)));
  const QualityPoint b = measure_at<D>(D::default_knob, make_trace(mixed_spec(seed, 500)));
  r.iterations = a.intervals;
  if (!same(a, b)) {
    r.violated = true;
    r.message = "two runs of one seeded trace measured different figures";
  }
  return r;
}

// Four quiet nodes, the observer stalled from 60 s to 64 s.
inline Trace stalled_trace() {
  TraceSpec spec;
  spec.nodes = 4;
  spec.intervals = 120;
  spec.jitter_ms = 5;
  Trace tr = make_trace(spec);
  tr.stalls.push_back({60 * seconds, 64 * seconds});
  return tr;
}

template <class D>
bool suspects_at_stall_end(const Trace& tr) {
  D d(D::default_knob);
  const Stall st = tr.stalls.front();
  std::size_t ai = 0;
  for (micros t = tick_period; t <= st.end; t += tick_period) {
    if (t > st.begin && t < st.end) continue;
    for (; ai < tr.arrivals.size() && tr.arrivals[ai].time <= std::min(t, st.begin); ++ai)
      d.heartbeat(tr.arrivals[ai].node, tr.arrivals[ai].time);
    d.tick(t);
  }
  for (node_id n = 0; n < tr.crash.size(); ++n)
    if (d.suspect(n, st.end)) return true;
  return false;
}

template <class Guarded = PhiLifeguardDetector>
verify::CheckResult observer_stall_tolerated() {
  verify::CheckResult r;
  const Trace tr = stalled_trace();
  r.iterations = 1;
  if (!suspects_at_stall_end<PhiNormalDetector>(tr)) {
    r.violated = true;
    r.message = "the scenario has no teeth: plain phi suspects no one after the 4 s stall";
  } else if (suspects_at_stall_end<Guarded>(tr)) {
    r.violated = true;
    r.message = "a live node suspected at the check that ends the observer's own 4 s stall";
  }
  return r;
}

// One run of stress-record-exact over `nodes` nodes.
template <class R>
verify::CheckResult record_exact_run(unsigned nodes, std::uint64_t rounds) {
  constexpr unsigned threads = 4;
  R rec(nodes);
  // Times come from one ticket counter, so the writers' times for a node are
  // close and rising together: every record is a raise that races the others'
  // (with each writer's own times, the leader's dwarf the rest's and a lost
  // maximum needs two writers within a few rounds of each other).
  std::atomic<micros> ticket{1};
  std::atomic<bool> done{false}, fell_behind{false};
  bool went_down = false;
  std::thread reader([&] {
    std::vector<micros> seen(nodes, 0);
    while (!done.load(std::memory_order_acquire))
      for (node_id n = 0; n < nodes; ++n) {
        const micros v = rec.last_seen(n);
        if (v < seen[n]) went_down = true;
        seen[n] = v;
      }
  });
  std::vector<std::vector<micros>> largest(threads, std::vector<micros>(nodes, 0));
  std::vector<std::thread> ws;
  verify::StartGate gate(threads);
  for (unsigned w = 0; w < threads; ++w)
    ws.emplace_back([&, w] {
      gate.arrive();  // all writers at once; a timeout costs only overlap
      for (std::uint64_t i = 0; i < rounds; ++i) {
        const auto n = static_cast<node_id>(i % nodes);
        const micros t = ticket.fetch_add(1, std::memory_order_relaxed);
        rec.record(n, t);
        largest[w][n] = t;  // rising: the writer's latest is its largest
        // My record happened before this read: a maximum below my own time lost it.
        if (rec.last_seen(n) < t) fell_behind.store(true, std::memory_order_relaxed);
      }
    });
  for (auto& t : ws) t.join();
  done.store(true, std::memory_order_release);
  reader.join();
  verify::CheckResult r;
  r.iterations = rounds * threads;
  const std::string where = nodes == 1 ? "one node: " : std::to_string(nodes) + " nodes: ";
  for (node_id n = 0; n < nodes && !r.violated; ++n) {
    const std::uint64_t want = threads * (rounds / nodes + (n < rounds % nodes ? 1 : 0));
    micros want_last = 0;
    for (unsigned w = 0; w < threads; ++w) want_last = std::max(want_last, largest[w][n]);
    if (rec.count(n) != want) {
      r.violated = true;
      r.message = where + "node " + std::to_string(n) + ": count " + std::to_string(rec.count(n)) + ", expected " +
                  std::to_string(want);
    } else if (rec.last_seen(n) != want_last) {
      r.violated = true;
      r.message = where + "node " + std::to_string(n) + ": last_seen " + std::to_string(rec.last_seen(n)) +
                  ", the largest recorded " + std::to_string(want_last);
    }
  }
  if (!r.violated && fell_behind.load()) {
    r.violated = true;
    r.message = where + "a writer read last_seen below the time it had just recorded (a larger time overwritten)";
  } else if (!r.violated && went_down) {
    r.violated = true;
    r.message = where + "a concurrent last_seen went down";
  }
  return r;
}

// Spread over 8 nodes (a node mixed up with another, a count lost), then
// every writer on one node (each record contends with the others', where a
// maximum that is not one read-modify-write loses).
template <class R>
verify::CheckResult stress_record_exact(std::uint64_t rounds) {
  verify::CheckResult spread = record_exact_run<R>(8, rounds);
  if (spread.violated) return spread;
  verify::CheckResult one = record_exact_run<R>(1, rounds);
  one.iterations += spread.iterations;
  return one;
}

}  // namespace gauntlet::detector::checks
