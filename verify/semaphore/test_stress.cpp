// Permit conservation under real threads: the permits held at any moment never
// exceed the maximum, and every permit is back at the end. Weights, the mix of
// blocking, try and timed acquires, all come from the printed seed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <thread>
#include <vector>

#include "impls/semaphore/family.hpp"
#include "verify/common/bounded_wait.hpp"
#include "verify/semaphore/free_permits.hpp"
#include "verify/semaphore/test_support.hpp"

namespace gauntlet::semaphore {
namespace {

constexpr int threads = 4;
constexpr int rounds_per_thread = 10000;

template <class Sem>
void hold(Sem& s, std::ptrdiff_t n, std::atomic<std::ptrdiff_t>& in_use, std::atomic<std::ptrdiff_t>& worst) {
  std::ptrdiff_t now = in_use.fetch_add(n) + n;
  std::ptrdiff_t seen = worst.load();
  while (now > seen && !worst.compare_exchange_weak(seen, now)) {
  }
  std::this_thread::yield();  // hold a while: on 2 cores, lets the others pile up behind
  in_use.fetch_sub(n);
  s.release(n);
}

TEMPLATE_LIST_TEST_CASE("permits in use never exceed the maximum and all come back", "[semaphore][stress]",
                        verified_implementations) {
  if constexpr (TestType::kind != Kind::known_bad) {  // the seed fails this by design: see test_order.cpp
    const std::uint64_t seed = test::run_seed();
    INFO("seed " << seed << " (GAUNTLET_SEED replays it)");
    // Looped peer weights deadlock when two weighted waiters meet
    // (looped_weights.hpp): peers get single permits, fewer than the threads.
    constexpr bool peer = TestType::kind == Kind::peer;
    const std::ptrdiff_t max_permits = peer ? 2 : 4;
    const std::ptrdiff_t heaviest = peer ? 1 : max_permits;
    TestType s(max_permits);
    std::atomic<std::ptrdiff_t> in_use{0}, worst{0};
    std::atomic<long> timed_out{0};
    verify::StartGate gate(static_cast<unsigned>(threads));  // so the threads really overlap
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        std::mt19937_64 rng(seed + static_cast<std::uint64_t>(t));
        std::uniform_int_distribution<std::ptrdiff_t> weight(1, heaviest);
        std::uniform_int_distribution<int> how(0, 2);
        gate.arrive();  // a timeout costs only overlap
        for (int r = 0; r < rounds_per_thread; ++r) {
          std::ptrdiff_t n = weight(rng);
          switch (how(rng)) {
            case 0:
              s.acquire(n);
              hold(s, n, in_use, worst);
              break;
            case 1:
              if (s.try_acquire(n)) hold(s, n, in_use, worst);
              break;
            default:
              if (s.try_acquire_for(n, std::chrono::microseconds(50)))
                hold(s, n, in_use, worst);
              else
                timed_out.fetch_add(1);
              break;
          }
        }
      });
    }
    for (auto& th : pool) th.join();
    UNSCOPED_INFO("timed acquires that gave up: " << timed_out.load());
    CHECK(worst.load() <= max_permits);
    CHECK(in_use.load() == 0);
    CHECK(exactly_free(s, max_permits));  // every permit came back
  }
}

}  // namespace
}  // namespace gauntlet::semaphore
