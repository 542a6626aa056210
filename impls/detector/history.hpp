#pragma once
// IntervalHistory: the last `capacity` inter-arrival times of one node, with
// their running mean and standard deviation (sums kept as they slide).
// Arrivals: what an estimating detector keeps per node (phi, Chen's).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "impls/detector/interface.hpp"

namespace gauntlet::detector {

class IntervalHistory {
 public:
  explicit IntervalHistory(std::size_t capacity = 1000) : capacity_(capacity) {}

  void add(double x) {
    if (samples_.size() < capacity_) {
      samples_.push_back(x);
    } else {
      const double old = samples_[next_];
      sum_ -= old;
      sum_sq_ -= old * old;
      samples_[next_] = x;
      next_ = (next_ + 1) % capacity_;
    }
    sum_ += x;
    sum_sq_ += x * x;
  }
  std::size_t size() const { return samples_.size(); }
  double mean() const { return samples_.empty() ? 0.0 : sum_ / static_cast<double>(samples_.size()); }
  double stddev() const {
    if (samples_.empty()) return 0.0;
    const double m = mean();
    return std::sqrt(std::max(0.0, sum_sq_ / static_cast<double>(samples_.size()) - m * m));
  }

 private:
  std::size_t capacity_;
  std::vector<double> samples_;
  std::size_t next_ = 0;
  double sum_ = 0, sum_sq_ = 0;
};

// A node's last heartbeat and the intervals before it, the last 1000
// (Akka's and Cassandra's window; Chen's estimator uses the same).
struct Arrivals {
  bool seen = false;
  micros last = 0;
  IntervalHistory history{1000};

  double silence_ms(micros now) const { return static_cast<double>(now - last) / ms; }
};

}  // namespace gauntlet::detector
