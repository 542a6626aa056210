// Every registry on real threads and on bad input: series identity, exact
// totals with exited threads, monotone scrapes, histograms, the lookups'
// contract. Bounded: every loop is finite (checks.hpp).
#include <catch2/catch.hpp>

#include <stdexcept>
#include <thread>

#include "impls/metrics/family.hpp"
#include "verify/metrics/checks.hpp"

namespace gauntlet::metrics {
namespace {

using Correct =
    type_list<LockedMapCollector, AtomicSeriesRegistry, PerThreadRegistry, ShardedRegistry, PrometheusCppRegistry>;

TEMPLATE_LIST_TEST_CASE("each label set is its own series", "[metrics][contract]", Correct) {
  auto f = test::series_identity<TestType>();
  INFO(TestType::name << ": " << f.message);
  CHECK_FALSE(f.violated);
}

TEST_CASE("the seed merges label sets into one series (series-identity has teeth)", "[metrics][known-bad]") {
  auto f = test::series_identity<SeedCollector>();
  CHECK(f.violated);
  CHECK_THAT(f.message, Catch::Contains("requests_total"));
}

TEMPLATE_LIST_TEST_CASE("totals are exact after the threads exit; scrapes never go back", "[metrics][stress]",
                        implementations) {
  auto s = test::stress_totals<TestType>(2, 3, 20000);
  INFO(TestType::name << ": " << s.exact.message << s.monotone.message);
  if constexpr (TestType::kind == Kind::known_bad) {
    CHECK(s.exact.violated);  // the seed's own-series counts land in one series
  } else {
    CHECK_FALSE(s.exact.violated);
    CHECK_FALSE(s.monotone.violated);
  }
}

TEMPLATE_LIST_TEST_CASE("histogram buckets, count and sum are exact", "[metrics][stress]", implementations) {
  auto f = test::histogram_exact<TestType>(3, 5000);
  INFO(TestType::name << ": " << f.message);
  CHECK_FALSE(f.violated);
}

TEMPLATE_LIST_TEST_CASE("bad names, reserved labels and bad bounds are refused", "[metrics][contract]",
                        implementations) {
  TestType r;
  CHECK_THROWS_AS(r.counter("9starts_with_digit", "h", {}), std::invalid_argument);
  CHECK_THROWS_AS(r.counter("ok_total", "h", {{"bad-label", "x"}}), std::invalid_argument);
  CHECK_THROWS_AS(r.histogram("lat", "h", {}, {2, 1}), std::invalid_argument);
  if constexpr (TestType::kind != Kind::peer) {
    CHECK_THROWS_AS(r.counter("ok_total", "h", {{"__reserved", "x"}}), std::invalid_argument);
    CHECK_THROWS_AS(r.histogram("lat2", "h", {{"le", "1"}}, {1}), std::invalid_argument);
    r.counter("kind_total", "h", {});
    CHECK_THROWS_AS(r.gauge("kind_total", "h", {}), std::invalid_argument);
  }
}

TEMPLATE_LIST_TEST_CASE("the same name and labels in any order are one series", "[metrics][contract]", Correct) {
  TestType r;
  r.counter("x_total", "h", {{"a", "1"}, {"b", "2"}}).add(2);
  r.counter("x_total", "h", {{"b", "2"}, {"a", "1"}}).inc();
  test::Found f;
  CHECK(test::expect_sample(f, r.scrape(), "x_total", {{"a", "1"}, {"b", "2"}}, 3));
  INFO(f.message);
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
