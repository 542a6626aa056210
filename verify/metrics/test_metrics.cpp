// The family's own classes by name: the seed's teeth, per-thread's slots,
// sharded's shard counts. What every registry must do (the family list, or
// an adopted class) is in test_metrics_family.cpp.
#include <catch2/catch.hpp>

#include <thread>

#include "impls/metrics/family.hpp"
#include "verify/metrics/checks.hpp"

namespace gauntlet::metrics {
namespace {

TEST_CASE("the seed merges label sets into one series (series-identity has teeth)", "[metrics][known-bad]") {
  auto f = test::series_identity<SeedCollector>();
  CHECK(f.violated);
  CHECK_THAT(f.message, Catch::Contains("requests_total"));
}

TEST_CASE("per-thread: an exiting thread's slot is retired, its counts kept", "[metrics][per-thread]") {
  PerThreadRegistry r;
  auto c = r.counter("t_total", "h", {});
  for (int i = 0; i < 4; ++i) std::thread([&] { c.add(10); }).join();
  CHECK(r.live_slots() == 0u);
  c.inc();  // this thread's slot
  CHECK(r.live_slots() == 1u);
  test::Found f;
  CHECK(test::expect_sample(f, r.scrape(), "t_total", {}, 41));
}

TEST_CASE("per-thread: a thread outliving its registry retires safely", "[metrics][per-thread]") {
  std::atomic<bool> go{false};
  std::thread t;
  {
    PerThreadRegistry r;
    auto c = r.counter("t_total", "h", {});
    t = std::thread([c, &go]() mutable {
      c.inc();
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!go.load() && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
    });
    test::Found f;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (r.live_slots() == 0 && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
    REQUIRE(r.live_slots() == 1u);  // waited for: the thread's first increment
  }
  go.store(true);
  t.join();  // retires into the state the thread still holds; ASan/TSan watch this
  SUCCEED();
}

TEST_CASE("sharded: shard counts are powers of two", "[metrics][sharded]") {
  CHECK(ShardedCells<>(3).shards() == 4u);
  CHECK(ShardedCells<>(1).shards() == 1u);
  CHECK(ShardedCells<>(0).shards() == 1u);
}

}  // namespace
}  // namespace gauntlet::metrics
