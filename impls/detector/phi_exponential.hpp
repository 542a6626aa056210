#pragma once
// Phi accrual with an exponential distribution, Cassandra's FailureDetector:
// phi = (t / mean) / ln 10 over a window of the last 1000 inter-arrival times,
// intervals longer than max_interval (2 s, twice the heartbeat interval) left
// out of the window; the window starts with one sample of max_interval.
// Convicted at phi >= threshold (phi_convict_threshold, default 8). Cassandra's
// own pause detection (it ignores convictions after a local pause) is left
// out: that idea is the local-health variant's.
#include <array>
#include <cmath>
#include <string_view>

#include "impls/detector/history.hpp"
#include "impls/detector/interface.hpp"
#include "impls/detector/node_table.hpp"

namespace gauntlet::detector {

class PhiExponentialDetector {
 public:
  static constexpr std::string_view name = "phi-exponential";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "phi accrual, exponential distribution (Cassandra: threshold 8, 1000 samples, intervals over 2 s left out)";
  static constexpr std::string_view knob_name = "threshold";
  static constexpr double default_knob = 8;
  static constexpr std::array<double, 10> knob_sweep = {1, 2, 3, 4, 5, 6, 8, 10, 12, 16};
  static constexpr double max_interval_ms = 2000;

  explicit PhiExponentialDetector(double threshold) : threshold_(threshold) {}

  void heartbeat(node_id n, micros now) {
    Arrivals& s = nodes_.at(n);
    if (!s.seen) {
      s.seen = true;
      s.history.add(max_interval_ms);
    } else {
      const double interval = s.silence_ms(now);
      if (interval <= max_interval_ms) s.history.add(interval);
    }
    s.last = now;
  }
  void tick(micros) {}

  bool suspect(node_id n, micros now) const { return suspicion(n, now) >= threshold_; }
  double suspicion(node_id n, micros now) const {
    const Arrivals* s = nodes_.find(n);
    if (s == nullptr) return 0.0;
    const double t = s->silence_ms(now);
    return t / s->history.mean() / std::log(10.0);
  }

 private:
  double threshold_;
  NodeTable<Arrivals> nodes_;
};

}  // namespace gauntlet::detector
