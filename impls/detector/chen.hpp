#pragma once
// Chen, Toueg and Aguilera's estimator with a safety margin: the next
// heartbeat is expected at EA = last arrival + the mean of the last 1000
// inter-arrival times, and the node is suspected from EA + alpha on. Chen's
// estimator averages A_i - i * interval over sequence numbers; the interface
// carries no sequence numbers, so the mean inter-arrival time stands in (the
// same estimate where no heartbeat is lost). The knob is alpha, in ms.
#include <array>
#include <string_view>

#include "impls/detector/history.hpp"
#include "impls/detector/interface.hpp"
#include "impls/detector/node_table.hpp"

namespace gauntlet::detector {

class ChenDetector {
 public:
  static constexpr std::string_view name = "chen";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "Chen's estimator: expected arrival = last + mean of the last 1000 intervals, suspect past it + alpha";
  static constexpr std::string_view knob_name = "alpha_ms";
  static constexpr double default_knob = 3000;
  static constexpr std::array<double, 10> knob_sweep = {100, 250, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000};

  explicit ChenDetector(double alpha_ms) : alpha_ms_(alpha_ms) {}

  void heartbeat(node_id n, micros now) {
    Arrivals& s = nodes_.at(n);
    if (s.seen) s.history.add(s.silence_ms(now));
    s.seen = true;
    s.last = now;
  }
  void tick(micros) {}

  bool suspect(node_id n, micros now) const { return suspicion(n, now) > alpha_ms_; }
  // How far past the expected arrival, in ms.
  double suspicion(node_id n, micros now) const {
    const Arrivals* s = nodes_.find(n);
    if (s == nullptr) return 0.0;
    const double mean = s->history.size() == 0 ? static_cast<double>(heartbeat_interval) / ms : s->history.mean();
    return s->silence_ms(now) - mean;
  }

 private:
  double alpha_ms_;
  NodeTable<Arrivals> nodes_;
};

}  // namespace gauntlet::detector
