#pragma once
// Phi accrual (Akka's, phi_normal.hpp) with Lifeguard's local-health
// multiplier: an observer that notices it was itself stalled (two of its own
// checks further apart than stall_gap) raises its local health score, at most
// to max_score, and judges every node's silence as if its timeouts were
// (1 + score) times longer; each decay_period of checks on time lowers the
// score by one. A stall that delays the observer's own heartbeat processing
// then does not turn into suspicions of every node at once.
#include <algorithm>
#include <string_view>

#include "impls/detector/phi_normal.hpp"

namespace gauntlet::detector {

class PhiLifeguardDetector : public BasicPhiNormal {
 public:
  static constexpr std::string_view name = "phi-lifeguard";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "phi accrual (Akka) with a Lifeguard local-health multiplier: an observer that was stalled raises its "
      "own threshold, decaying after 10 s on time";
  static constexpr micros stall_gap = 3 * tick_period;
  static constexpr micros decay_period = 10 * seconds;
  static constexpr int max_score = 8;

  using BasicPhiNormal::BasicPhiNormal;

  void tick(micros now) {
    if (last_tick_ != 0 && now - last_tick_ > stall_gap) {
      score_ = std::min(max_score, score_ + 1);
      healthy_since_ = now;
    } else if (score_ > 0 && now - healthy_since_ >= decay_period) {
      --score_;
      healthy_since_ = now;
    }
    last_tick_ = now;
  }
  int local_health() const { return score_; }

  bool suspect(node_id n, micros now) const { return suspicion(n, now) >= threshold(); }
  double suspicion(node_id n, micros now) const { return phi(n, now, 1.0 + score_); }

 private:
  micros last_tick_ = 0;
  micros healthy_since_ = 0;
  int score_ = 0;
};

}  // namespace gauntlet::detector
