// Tests of the batch family: the timing rule on the pure policy with made-up
// times (never the wall clock), the same rule through the real processor on a
// clock advanced by hand (verify/batch/processor_driver.hpp), then
// exactly-once delivery on shutdown and back-pressure on real threads. Every
// wait is bounded and a wait that runs out fails naming what it waited for.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "impls/batch/family.hpp"
#include "verify/batch/processor_driver.hpp"

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

// Patience for anything on real threads: far beyond a healthy run, short of a hang.
constexpr auto kGiveUp = 10s;

}  // namespace

TEMPLATE_LIST_TEST_CASE("policy: a timeout flush comes exactly `timeout` after the batch's first message", "[batch]",
                        verified_implementations) {
  // Messages at 90 ms and 150 ms: the batch opens at 90 and must go out at 190.
  auto ages = timeout_flush_ages<typename TestType::policy>({90ms, 150ms});
  bool right = ages.size() == 1 && ages[0] == 100ms;
  if (known_bad<TestType>()) {
    // The seed's free-running timer fires at 100 ms: a 10 ms old batch.
    REQUIRE_FALSE(right);
    REQUIRE_FALSE(ages.empty());  // no timed flush at all would prove nothing about its timer
    REQUIRE(ages.front() < 100ms);
  } else {
    REQUIRE(right);
  }
}

TEMPLATE_LIST_TEST_CASE("policy: size flushes carry exactly batch_size, shutdown hands over the rest", "[batch]",
                        verified_implementations) {
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

TEMPLATE_LIST_TEST_CASE(
    "processor, manual clock: an unfilled batch goes out when its first message is `timeout` old, not earlier",
    "[batch][threads][clock]", verified_implementations) {
  using P = typename TestType::template with_clock<ManualClock>;
  ManualTime time;
  const auto t0 = time.peek();
  struct Flush {
    std::vector<std::uint64_t> ids;
    clock::duration at;
  };
  std::mutex m;
  std::vector<Flush> flushes;
  P proc(
      Config{100, 100ms, 64},
      [&](std::span<const std::uint64_t> batch) {
        const auto at = time.peek() - t0;
        std::lock_guard lk(m);
        flushes.push_back({{batch.begin(), batch.end()}, at});
      },
      ManualClock{&time});
  auto advance_to = [&](clock::duration at) {
    time.advance_to(t0 + at);
    const std::string why = time.settle("advancing the clock to " + at_ms(at));
    if (!why.empty()) FAIL(why);
  };
  auto submit = [&](std::uint64_t v) {
    const auto s = proc.submit_until(v, clock::now() + kGiveUp);
    if (s != queue::Status::ok) FAIL("submit(" << v << ") did not return ok within 10 s");
    const std::string why = time.settle("submitting " + std::to_string(v));
    if (!why.empty()) FAIL(why);
  };
  auto seen = [&] {
    std::lock_guard lk(m);
    return flushes;
  };
  // Messages at 90 ms and 150 ms: the batch opens at 90 and is due at 190.
  advance_to(90ms);
  submit(0);
  advance_to(150ms);
  submit(1);
  advance_to(190ms - 1ns);
  const auto before_due = seen();
  advance_to(190ms);
  const auto at_due = seen();
  proc.shutdown();
  if (known_bad<TestType>()) {
    // Its timer, armed at the start and due at 100 ms, fires on the worker's
    // first look after 100 ms: message 0 goes out 60 ms old.
    REQUIRE(before_due.size() == 1);
    REQUIRE(before_due[0].ids == std::vector<std::uint64_t>{0});
    REQUIRE(before_due[0].at == 150ms);
  } else {
    REQUIRE(before_due.empty());  // not earlier, by even a nanosecond
    REQUIRE(at_due.size() == 1);  // and not never: at the deadline itself
    REQUIRE(at_due[0].ids == std::vector<std::uint64_t>{0, 1});
    REQUIRE(at_due[0].at == 190ms);
  }
}

TEMPLATE_LIST_TEST_CASE("processor, manual clock: every timed flush of a schedule is exactly `timeout` old",
                        "[batch][threads][clock]", verified_implementations) {
  // Batches of 3, timeout 40 ms, arrivals at 0, 10, 50 and 120 ms: ours
  // flushes [0 1] at 40, [2] at 90 and [3] at 160.
  const ProcessorRun run = drive_processor<TestType>(3, 40ms, 10ms, {0ms, 10ms, 50ms, 120ms});
  INFO(run.error);
  REQUIRE_FALSE(run.stalled);
  REQUIRE(run.timed_flushes > 0);  // a run with no timed flush says nothing about the timer
  std::vector<clock::duration> ages;
  for (const auto& d : run.deliveries)
    if (d.by_timeout) ages.push_back(d.oldest_age);
  if (known_bad<TestType>()) {
    // Its timer fires at 40 (re-armed to 80) and takes [2] at 80, 30 ms old.
    REQUIRE(std::any_of(ages.begin(), ages.end(), [](auto a) { return a < 40ms; }));
  } else {
    REQUIRE(run.error.empty());
    REQUIRE(ages == std::vector<clock::duration>{40ms, 40ms, 40ms});
    REQUIRE(run.deliveries.size() == 3);
  }
}

TEMPLATE_LIST_TEST_CASE("threads: shutdown delivers every accepted message exactly once", "[batch][threads]",
                        verified_implementations) {
  const int producers = 3;
  const std::uint64_t per_producer = 20000;
  std::mutex m;
  std::vector<std::uint64_t> seen;
  std::size_t largest = 0;
  std::atomic<int> stuck{0};  // producers whose submit ran out of patience
  {
    TestType bp(Config{32, 200us, 256}, [&](std::span<const std::uint64_t> batch) {
      std::lock_guard lk(m);
      largest = std::max(largest, batch.size());
      seen.insert(seen.end(), batch.begin(), batch.end());
    });
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p)
      threads.emplace_back([&, p] {
        for (std::uint64_t i = 0; i < per_producer; ++i)
          if (bp.submit_until(p * per_producer + i, clock::now() + kGiveUp) != queue::Status::ok) {
            stuck.fetch_add(1);
            return;
          }
      });
    for (auto& t : threads) t.join();  // each submit is bounded
    bp.shutdown();
  }
  INFO("producers whose submit did not return ok within 10 s (the worker stopped taking): " << stuck.load());
  REQUIRE(stuck.load() == 0);
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
                        "[batch][threads]", verified_implementations) {
  if (known_bad<TestType>()) return;  // its shutdown loses messages by design (tested above)
  std::mutex m;
  std::condition_variable cv;
  bool open = false;
  std::atomic<bool> sink_gave_up{false};
  std::atomic<std::uint64_t> delivered{0};
  TestType bp(Config{8, 100us, 16}, [&](std::span<const std::uint64_t> batch) {
    std::unique_lock lk(m);
    // Stalled until the test opens it; bounded, so a failing test still shuts down.
    if (!cv.wait_for(lk, kGiveUp, [&] { return open; })) sink_gave_up = true;
    delivered.fetch_add(batch.size());
  });
  std::uint64_t accepted = 0;
  while (bp.try_submit(accepted) == queue::Status::ok) ++accepted;
  REQUIRE(accepted >= 16);      // the queue's bound...
  REQUIRE(accepted <= 16 + 8);  // ...plus at most the batch the worker holds
  std::atomic<int> late_status{-1};
  std::thread late([&] {  // blocks: back-pressure
    late_status = static_cast<int>(bp.submit_until(1000, clock::now() + kGiveUp));
  });
  {
    std::lock_guard lk(m);
    open = true;
  }
  cv.notify_all();
  late.join();  // its submit is bounded
  bp.shutdown();
  INFO("the held producer's submit_until status (ok = 0; it waited for the opened sink to make room)");
  REQUIRE(late_status.load() == static_cast<int>(queue::Status::ok));
  INFO("the sink waited 10 s for the test to open it");
  REQUIRE_FALSE(sink_gave_up.load());
  REQUIRE(delivered.load() == accepted + 1);
}
