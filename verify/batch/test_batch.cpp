// Tests of the batch family: the timing rule on the pure policy with made-up
// times (never the wall clock), then exactly-once delivery on shutdown and
// back-pressure on real threads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "impls/batch/family.hpp"

using namespace gauntlet;
using namespace gauntlet::batch;
using namespace std::chrono_literals;

namespace {

// Feeds the policy messages at the given offsets from t0 (ticking at each
// arrival and at each deadline it asks for) and reports, per timeout flush,
// how long its oldest message had waited.
template <class Policy>
std::vector<clock::duration> timeout_flush_ages(std::vector<clock::duration> arrivals) {
  clock::time_point t0{};
  Policy p(100, 100ms, t0);
  std::vector<clock::duration> ages;
  std::vector<clock::time_point> born;
  auto handle = [&](auto batch, clock::time_point now, bool by_timeout) {
    if (!batch) return;
    if (by_timeout) ages.push_back(now - born[born.size() - batch->size()]);
  };
  for (auto at : arrivals) {
    clock::time_point now = t0 + at;
    while (p.deadline() && *p.deadline() <= now) handle(p.tick(*p.deadline()), *p.deadline(), true);
    born.push_back(now);
    handle(p.add(born.size(), now), now, false);
  }
  for (int i = 0; i < 5 && p.deadline(); ++i) {
    auto d = *p.deadline();
    handle(p.tick(d), d, true);
  }
  return ages;
}

template <class T>
bool known_bad() {
  return T::kind == Kind::known_bad;
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("policy: a timeout flush comes exactly `timeout` after the batch's first message", "[batch]",
                        implementations) {
  // Messages at 90 ms and 150 ms: the batch opens at 90 and must go out at 190.
  auto ages = timeout_flush_ages<typename TestType::policy>({90ms, 150ms});
  bool right = ages.size() == 1 && ages[0] == 100ms;
  if (known_bad<TestType>()) {
    // The seed's free-running timer fires at 100 ms: a 10 ms old batch.
    REQUIRE_FALSE(right);
    REQUIRE(ages.front() < 100ms);
  } else {
    REQUIRE(right);
  }
}

TEMPLATE_LIST_TEST_CASE("policy: size flushes carry exactly batch_size, shutdown hands over the rest", "[batch]",
                        implementations) {
  typename TestType::policy p(4, 1h, clock::time_point{});
  std::size_t delivered = 0;
  for (int i = 0; i < 10; ++i) {
    auto b = p.add(i, clock::time_point{} + i * 1ms);
    if (b) {
      REQUIRE(b->size() == 4);
      delivered += b->size();
    }
  }
  auto rest = p.flush();
  if (known_bad<TestType>()) {
    REQUIRE_FALSE(rest.has_value());  // the seed drops the last two
  } else {
    REQUIRE(rest.has_value());
    delivered += rest->size();
    REQUIRE(delivered == 10);
  }
}

TEMPLATE_LIST_TEST_CASE("threads: shutdown delivers every accepted message exactly once", "[batch][threads]",
                        implementations) {
  const int producers = 3;
  const std::uint64_t per_producer = 20000;
  std::mutex m;
  std::vector<std::uint64_t> seen;
  std::size_t largest = 0;
  {
    TestType bp(Config{32, 200us, 256}, [&](std::span<const std::uint64_t> batch) {
      std::lock_guard lk(m);
      largest = std::max(largest, batch.size());
      seen.insert(seen.end(), batch.begin(), batch.end());
    });
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p)
      threads.emplace_back([&, p] {
        for (std::uint64_t i = 0; i < per_producer; ++i) bp.submit(p * per_producer + i);
      });
    for (auto& t : threads) t.join();
    bp.shutdown();
  }
  REQUIRE(largest <= 32);
  std::sort(seen.begin(), seen.end());
  REQUIRE(std::adjacent_find(seen.begin(), seen.end()) == seen.end());  // never twice
  if (known_bad<TestType>()) {
    // The seed may lose its last open batch; it must not invent or repeat.
    REQUIRE(seen.size() <= producers * per_producer);
  } else {
    REQUIRE(seen.size() == producers * per_producer);  // never lost
  }
}

TEMPLATE_LIST_TEST_CASE("back-pressure: a stalled sink fills the queue, producers are held, nothing is lost",
                        "[batch][threads]", implementations) {
  if (known_bad<TestType>()) return;  // its shutdown loses messages by design (tested above)
  std::mutex m;
  std::condition_variable cv;
  bool open = false;
  std::atomic<std::uint64_t> delivered{0};
  TestType bp(Config{8, 100us, 16}, [&](std::span<const std::uint64_t> batch) {
    std::unique_lock lk(m);
    cv.wait(lk, [&] { return open; });  // the sink is stalled until the test opens it
    delivered.fetch_add(batch.size());
  });
  std::uint64_t accepted = 0;
  while (bp.try_submit(accepted) == queue::Status::ok) ++accepted;
  REQUIRE(accepted >= 16);                     // the queue's bound...
  REQUIRE(accepted <= 16 + 8);                 // ...plus at most the batch the worker holds
  std::thread late([&] { bp.submit(1000); });  // blocks: back-pressure
  {
    std::lock_guard lk(m);
    open = true;
  }
  cv.notify_all();
  late.join();
  bp.shutdown();
  REQUIRE(delivered.load() == accepted + 1);
}
