#pragma once
// Phi accrual with a normal distribution, Akka's PhiAccrualFailureDetector and
// its defaults: threshold 8, 1000 samples, minimum standard deviation 100 ms,
// acceptable heartbeat pause 3 s, first-heartbeat estimate 1 s (the history
// starts as two samples, mean +- mean / 4). phi = -log10(1 - F(t)), F the
// normal CDF by Akka's logistic approximation, of mean + pause and
// max(sd, minimum); computed in logs, so that a long silence gives a large
// finite phi instead of infinity.
#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "impls/detector/history.hpp"
#include "impls/detector/interface.hpp"
#include "impls/detector/node_table.hpp"

namespace gauntlet::detector {

// -log10(1 - F(t)) for the normal (mean, sd), Akka's approximation.
inline double phi_normal(double t, double mean, double sd) {
  const double y = (t - mean) / sd;
  const double a = y * (1.5976 + 0.070566 * y * y);                      // e = exp(-a)
  if (t > mean) return (a + std::log1p(std::exp(-a))) / std::log(10.0);  // -log10(e / (1 + e))
  return -std::log10(1.0 - 1.0 / (1.0 + std::exp(-a)));
}

class BasicPhiNormal {
 public:
  static constexpr std::string_view knob_name = "threshold";
  static constexpr double default_knob = 8;
  static constexpr std::array<double, 10> knob_sweep = {0.01, 0.03, 0.1, 0.3, 1, 2, 4, 8, 12, 16};
  static constexpr double min_std_ms = 100, acceptable_pause_ms = 3000, first_estimate_ms = 1000;

  explicit BasicPhiNormal(double threshold) : threshold_(threshold) {}

  void heartbeat(node_id n, micros now) {
    Arrivals& s = nodes_.at(n);
    if (!s.seen) {
      s.seen = true;
      s.history.add(first_estimate_ms - first_estimate_ms / 4);
      s.history.add(first_estimate_ms + first_estimate_ms / 4);
    } else {
      s.history.add(s.silence_ms(now));
    }
    s.last = now;
  }
  void tick(micros) {}

  // phi of node n at `now`, its silence divided by `scale` (1: plain phi).
  double phi(node_id n, micros now, double scale) const {
    const Arrivals* s = nodes_.find(n);
    if (s == nullptr) return 0.0;
    const double t = s->silence_ms(now) / scale;
    return phi_normal(t, s->history.mean() + acceptable_pause_ms, std::max(s->history.stddev(), min_std_ms));
  }
  double threshold() const { return threshold_; }

 private:
  double threshold_;
  NodeTable<Arrivals> nodes_;
};

class PhiNormalDetector : public BasicPhiNormal {
 public:
  static constexpr std::string_view name = "phi-normal";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "phi accrual, normal distribution (Akka: threshold 8, 1000 samples, min sd 100 ms, acceptable pause 3 s)";
  using BasicPhiNormal::BasicPhiNormal;

  bool suspect(node_id n, micros now) const { return phi(n, now, 1.0) >= threshold(); }
  double suspicion(node_id n, micros now) const { return phi(n, now, 1.0); }
};

}  // namespace gauntlet::detector
