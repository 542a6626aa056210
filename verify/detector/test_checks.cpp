// Each check of checks.hpp fails on the case it names: crafted detectors and
// recorders that break exactly that property.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "verify/detector/checks.hpp"

using namespace gauntlet::detector;

namespace {

// Counts every heartbeat but loses one in a thousand: a count that is off.
class LossyRecorder : public MutexRecorder {
 public:
  using MutexRecorder::MutexRecorder;
  void record(node_id n, micros now) {
    if (++calls_ % 1000 != 0) MutexRecorder::record(n, now);
  }

 private:
  std::atomic<unsigned> calls_{0};
};

// Keeps the largest time but reports one less: last_seen is not the maximum.
class OffByOneRecorder : public MutexRecorder {
 public:
  using MutexRecorder::MutexRecorder;
  micros last_seen(node_id n) const { return MutexRecorder::last_seen(n) - 1; }
};

// The maximum as a load, a compare and a store (the store-max bug), with a
// yield in its window so that the race is certain to be run, not only possible.
class StoreMaxRecorder {
 public:
  explicit StoreMaxRecorder(unsigned nodes) : last_(nodes), count_(nodes) {}
  void record(node_id n, micros now) {
    const micros seen = last_[n].load(std::memory_order_relaxed);
    std::this_thread::yield();
    if (now > seen) last_[n].store(now, std::memory_order_relaxed);
    count_[n].fetch_add(1, std::memory_order_relaxed);
  }
  micros last_seen(node_id n) const { return last_[n].load(std::memory_order_relaxed); }
  std::uint64_t count(node_id n) const { return count_[n].load(std::memory_order_relaxed); }

 private:
  std::vector<std::atomic<micros>> last_;
  std::vector<std::atomic<std::uint64_t>> count_;
};

}  // namespace

TEST_CASE("recovers-after-slowness fails on the seed and passes on ours") {
  CHECK(checks::recovers_after_slowness<SeedDetector>().violated);
  CHECK_FALSE(checks::recovers_after_slowness<FixedTimeoutDetector>().violated);
}

TEST_CASE("detects-crash fails on a detector that never suspects") {
  const auto r = checks::detects_crash<ChenDetector>(1e12);
  CHECK(r.violated);
  CHECK_THAT(r.message, Catch::Contains("not suspected"));
  CHECK_FALSE(checks::detects_crash<ChenDetector>().violated);
}

TEST_CASE("trusts-steady-node fails on a timeout tighter than the jitter") {
  CHECK(checks::trusts_steady_node<FixedTimeoutDetector>(1, 1).violated);
  CHECK(checks::trusts_steady_node<ChenDetector>(1, 1).violated);
}

TEST_CASE("observer-stall-tolerated fails on plain phi") {
  CHECK(checks::observer_stall_tolerated<PhiNormalDetector>().violated);
  CHECK_FALSE(checks::observer_stall_tolerated<PhiLifeguardDetector>().violated);
}

TEST_CASE("stress-record-exact fails on a lost count and on a last_seen below the maximum") {
  const auto lossy = checks::stress_record_exact<LossyRecorder>(4000);
  CHECK(lossy.violated);
  CHECK_THAT(lossy.message, Catch::Contains("count"));
  const auto low = checks::stress_record_exact<OffByOneRecorder>(4000);
  CHECK(low.violated);
  CHECK_THAT(low.message, Catch::Contains("last_seen"));
  CHECK_FALSE(checks::stress_record_exact<AtomicRecorder>(4000).violated);
}

TEST_CASE("stress-record-exact fails on a maximum that a smaller time can overwrite") {
  const auto r = checks::stress_record_exact<StoreMaxRecorder>(4000);
  INFO(r.message);
  CHECK(r.violated);
  CHECK_THAT(r.message, Catch::Contains("last_seen"));
}
