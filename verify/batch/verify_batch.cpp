// verify_batch: the batching rule of every batch processor, checked on its
// pure policy over many seeded random arrival schedules (seed i replays run i).
//   batch-timer          a timeout flush goes out exactly `timeout` after its batch's first message
//   batch-exactly-once   size, timeout and shutdown flushes together deliver every message once, in order
// The seed's policy (free-running timer, pending batch dropped at shutdown)
// must be caught by both.
#include <cstdio>
#include <random>
#include <string>

#include "impls/batch/family.hpp"
#include "verify/batch/batch_driver.hpp"
#include "verify/common/verdict.hpp"

using namespace gauntlet;
using namespace gauntlet::batch;
using namespace std::chrono_literals;
using gauntlet::verify::CheckResult;

namespace {

constexpr auto kTimeout = 100ms;

struct Schedule {
  std::size_t max_size;
  std::vector<clock::duration> arrivals;
};

// 1 to 40 messages, gaps of 0 to 2 timeouts, batches of 1 to 8.
Schedule schedule_for(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Schedule s{1 + rng() % 8, {}};
  clock::duration t{};
  for (std::size_t n = 1 + rng() % 40; n > 0; --n) {
    t += std::chrono::milliseconds(rng() % (2 * kTimeout.count() + 1));
    s.arrivals.push_back(t);
  }
  return s;
}

std::string timer_violation(const std::vector<Delivery>& ds) {
  for (const auto& d : ds)
    if (d.by_timeout && d.oldest_age != kTimeout)
      return "a timeout flush after " + std::to_string(d.oldest_age / 1ms) + " ms, not " +
             std::to_string(kTimeout / 1ms);
  return "";
}

std::string delivery_violation(const std::vector<Delivery>& ds, std::size_t sent) {
  std::uint64_t next = 0;
  for (const auto& d : ds)
    for (auto id : d.ids)
      if (id != next++)
        return "message " + std::to_string(id) + " delivered where " + std::to_string(next - 1) + " was due";
  if (next != sent) return std::to_string(sent - next) + " of " + std::to_string(sent) + " messages never delivered";
  return "";
}

// Runs seeds 1..n and stops at the first one the property rejects.
template <class Policy, class Property>
CheckResult sweep(std::uint64_t n, Property property) {
  CheckResult r;
  for (std::uint64_t seed = 1; seed <= n; ++seed) {
    Schedule s = schedule_for(seed);
    std::string why = property(drive<Policy>(s.max_size, kTimeout, s.arrivals), s.arrivals.size());
    r.iterations = seed;
    if (!why.empty()) {
      r.violated = true;
      r.seed = seed;
      r.message = "seed " + std::to_string(seed) + ": " + why;
      return r;
    }
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  verify::Verifier v("batch", argc, argv);
  const std::uint64_t runs = v.full() ? 200000 : 5000;
  for_each_type(implementations{}, [&]<class T>() {
    if (!v.selected(T::name)) return;
    using P = typename T::policy;
    v.record<T>("batch-timer", sweep<P>(runs, [](const auto& ds, std::size_t) { return timer_violation(ds); }));
    v.record<T>("batch-exactly-once", sweep<P>(runs, delivery_violation));
  });
  return v.finish();
}
