// The family interface, single-threaded or nearly: bad arguments, try
// semantics, timeouts. Runs over every implementation of the list.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "impls/semaphore/family.hpp"
#include "verify/semaphore/free_permits.hpp"
#include "verify/semaphore/test_support.hpp"

namespace gauntlet::semaphore {
namespace {

using namespace std::chrono_literals;

TEMPLATE_LIST_TEST_CASE("every implementation satisfies the interface", "[semaphore]", verified_implementations) {
  STATIC_REQUIRE(WeightedSemaphore<TestType>);
}

TEMPLATE_LIST_TEST_CASE("bad permit counts throw invalid_argument and change nothing", "[semaphore][args]",
                        verified_implementations) {
  TestType s(3);
  auto past = steady_clock::now() - 1s;
  for (std::ptrdiff_t bad : {std::ptrdiff_t{0}, std::ptrdiff_t{-1}, std::ptrdiff_t{4}}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(s.acquire(bad), std::invalid_argument);
    CHECK_THROWS_AS(s.try_acquire(bad), std::invalid_argument);
    CHECK_THROWS_AS(s.try_acquire_until(bad, past), std::invalid_argument);
    CHECK_THROWS_AS(s.try_acquire_for(bad, 1ms), std::invalid_argument);
    CHECK_THROWS_AS(s.release(bad), std::invalid_argument);
  }
  CHECK(exactly_free(s, 3));
}

TEMPLATE_LIST_TEST_CASE("bad construction throws invalid_argument", "[semaphore][args]", verified_implementations) {
  CHECK_THROWS_AS(TestType(0), std::invalid_argument);
  CHECK_THROWS_AS(TestType(permit_limit + 1), std::invalid_argument);
  CHECK_THROWS_AS(TestType(2, 3), std::invalid_argument);
  CHECK_THROWS_AS(TestType(2, -1), std::invalid_argument);
}

TEMPLATE_LIST_TEST_CASE("releasing more than was acquired throws and changes nothing", "[semaphore][args]",
                        verified_implementations) {
  if constexpr (!TestType::detects_over_release) {
    SUCCEED("documented: " << TestType::name << " does not detect over-release (see interface.hpp)");
  } else {
    TestType s(3);
    CHECK_THROWS_AS(s.release(1), std::invalid_argument);
    CHECK(exactly_free(s, 3));
    REQUIRE(s.try_acquire(2));
    CHECK_THROWS_AS(s.release(3), std::invalid_argument);
    CHECK(exactly_free(s, 1));
    s.release(2);
    CHECK(exactly_free(s, 3));
  }
}

TEMPLATE_LIST_TEST_CASE("try_acquire takes all n or nothing", "[semaphore][try]", verified_implementations) {
  TestType s(5, 3);
  CHECK(s.try_acquire(2));
  CHECK_FALSE(s.try_acquire(2));  // one free: a weighted request is not partly filled
  CHECK(exactly_free(s, 1));
  CHECK(s.try_acquire(1));
  CHECK_FALSE(s.try_acquire(1));
  s.release(3);
  CHECK(s.try_acquire(3));
  CHECK(exactly_free(s, 0));
  s.release(3);
}

TEMPLATE_LIST_TEST_CASE("a timed acquire that cannot be met returns false and holds nothing", "[semaphore][timeout]",
                        verified_implementations) {
  TestType s(3, 2);
  CHECK_FALSE(test::returns([&] { return s.try_acquire_for(3, 20ms); }));
  CHECK(exactly_free(s, 2));
  CHECK_FALSE(test::returns([&] { return s.try_acquire_until(3, steady_clock::now() - 1s); }));
  CHECK(exactly_free(s, 2));
}

TEMPLATE_LIST_TEST_CASE("a timed acquire that can be met takes at once, past deadline or not", "[semaphore][timeout]",
                        verified_implementations) {
  TestType s(3);
  CHECK(s.try_acquire_until(2, steady_clock::now() - 1s));
  CHECK(s.try_acquire_for(1, 0ms));
  CHECK(exactly_free(s, 0));
  s.release(3);
}

TEMPLATE_LIST_TEST_CASE("a timed waiter is woken by a release", "[semaphore][timeout]", verified_implementations) {
  TestType s(2, 0);
  std::atomic<bool> got{false};
  std::thread waiter([&] { got = s.try_acquire_for(1, test::hang_guard); });
  s.release(1);
  waiter.join();
  CHECK(got);
  CHECK(exactly_free(s, 0));
}

TEMPLATE_LIST_TEST_CASE("a blocked acquire is woken by releases", "[semaphore][blocking]", verified_implementations) {
  TestType s(4, 0);
  std::atomic<bool> in{false};
  std::thread waiter([&] {
    s.acquire(1);
    in = true;
  });
  s.release(1);
  test::eventually([&] { return in.load(); });
  waiter.join();
  CHECK(exactly_free(s, 0));
}

}  // namespace
}  // namespace gauntlet::semaphore
