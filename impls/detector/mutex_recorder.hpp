#pragma once
// The seed's layout for the hot path: one mutex (the seed's fd.mu) over every
// node's status; each heartbeat takes it to update LastSeen. Correct, and the
// baseline the per-node atomics are measured against.
#include <cstdint>
#include <string_view>
#include <vector>

#include "impls/detector/interface.hpp"
#include "impls/platform/platform.hpp"

namespace gauntlet::detector {

class MutexRecorder {
 public:
  static constexpr std::string_view name = "mutex-recorder";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "heartbeat recording under one mutex over every node (the seed's fd.mu)";

  explicit MutexRecorder(unsigned nodes) : status_(nodes) {}

  void record(node_id n, micros now) {
    unique_lock<mutex> g(mu_);
    Status& s = status_[n];
    if (now > s.last_seen.load()) s.last_seen.store(now);
    s.count.store(s.count.load() + 1);
  }
  micros last_seen(node_id n) const {
    unique_lock<mutex> g(mu_);
    return status_[n].last_seen.load();
  }
  std::uint64_t count(node_id n) const {
    unique_lock<mutex> g(mu_);
    return status_[n].count.load();
  }

 private:
  // Checked variables under Relacy: an access the mutex does not order races.
  struct Status {
    shared_var<micros> last_seen{0};
    shared_var<std::uint64_t> count{0};
  };
  mutable mutex mu_;
  std::vector<Status> status_;
};

}  // namespace gauntlet::detector
