// Functional tests of every queue in the family list on real threads.
// Known-bad mutants are skipped here: the model checker (relacy_queue) is
// what must catch them, and on x86 a relaxed publish would pass anyway.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "impls/queue/family.hpp"
#include "verify/common/bounded_wait.hpp"

using namespace gauntlet;
using namespace gauntlet::queue;
using namespace std::chrono_literals;

namespace {

template <class Q>
bool skip_known_bad() {
  if constexpr (Q::kind == Kind::known_bad) {
    WARN(std::string(Q::name) << ": known-bad, checked by relacy_queue instead");
    return true;
  }
  return false;
}

// Producer p's i-th value: order within a producer is checkable.
std::uint64_t tag(std::uint64_t p, std::uint64_t i) { return (p << 32) | i; }

// A peer's smallest possible size, where its library rounds up (0: none).
template <class Q>
constexpr std::size_t capacity_floor() {
  if constexpr (requires { Q::core_type::capacity_floor; })
    return Q::core_type::capacity_floor;
  else
    return 0;
}

int producers_for(int limit, int want) { return limit == 0 ? want : std::min(limit, want); }

}  // namespace

TEMPLATE_LIST_TEST_CASE("fills up, then drains in FIFO order", "[queue]", verified_implementations) {
  if (skip_known_bad<TestType>()) return;
  TestType q(16);
  std::uint64_t pushed = 0;
  while (q.try_push(pushed) == Status::ok) {
    ++pushed;
    REQUIRE(pushed < 100000);  // bounded: must report full eventually
  }
  REQUIRE(pushed >= 15);  // ReaderWriterQueue holds capacity - 1 (peers.hpp)
  // Never deeper than asked (beyond a library's documented floor): the
  // benchmarks compare queues at equal depth.
  REQUIRE(pushed <= std::max<std::uint64_t>(16, capacity_floor<TestType>()));
  std::uint64_t v;
  for (std::uint64_t i = 0; i < pushed; ++i) {
    REQUIRE(q.try_pop(v) == Status::ok);
    REQUIRE(v == i);
  }
  REQUIRE(q.try_pop(v) == Status::would_block);
}

TEMPLATE_LIST_TEST_CASE("close refuses pushes and keeps what was accepted", "[queue]", verified_implementations) {
  if (skip_known_bad<TestType>()) return;
  TestType q(16);
  for (std::uint64_t i = 0; i < 5; ++i) REQUIRE(q.push(i) == Status::ok);
  q.close();
  REQUIRE(q.push(99) == Status::closed);
  REQUIRE(q.try_push(99) == Status::closed);
  std::uint64_t v;
  for (std::uint64_t i = 0; i < 5; ++i) {
    REQUIRE(q.pop(v) == Status::ok);
    REQUIRE(v == i);
  }
  REQUIRE(q.pop(v) == Status::closed);
  REQUIRE(q.try_pop(v) == Status::closed);
  REQUIRE(q.pop_until(v, steady_clock::now() + 1h) == Status::closed);
}

TEMPLATE_LIST_TEST_CASE("close wakes a blocked consumer and a blocked producer", "[queue]", verified_implementations) {
  if (skip_known_bad<TestType>()) return;
  TestType empty(4), full(4);
  while (full.try_push(1) == Status::ok) {
  }
  std::atomic<int> started{0};
  Status consumer = Status::ok, producer = Status::ok;
  std::thread c([&] {
    std::uint64_t v;
    started.fetch_add(1);
    consumer = empty.pop(v);
  });
  std::thread p([&] {
    started.fetch_add(1);
    producer = full.push(2);
  });
  REQUIRE(verify::eventually([&] { return started.load() >= 2; }));  // both threads running
  // Whether they are asleep yet or not, close must end both waits.
  empty.close();
  full.close();
  c.join();
  p.join();
  REQUIRE(consumer == Status::closed);
  REQUIRE(producer == Status::closed);
}

TEMPLATE_LIST_TEST_CASE("timed operations time out on empty and full", "[queue]", verified_implementations) {
  if (skip_known_bad<TestType>()) return;
  TestType q(4);
  std::uint64_t v;
  REQUIRE(q.pop_until(v, steady_clock::now() + 2ms) == Status::timed_out);
  while (q.try_push(1) == Status::ok) {
  }
  REQUIRE(q.push_until(2, steady_clock::now() + 2ms) == Status::timed_out);
  REQUIRE(q.pop_until(v, steady_clock::now() + 1h) == Status::ok);
  REQUIRE(q.push_until(3, steady_clock::now() + 1h) == Status::ok);
}

TEMPLATE_LIST_TEST_CASE("threads: every element once, each producer's order kept where promised", "[queue][threads]",
                        verified_implementations) {
  if (skip_known_bad<TestType>()) return;
  const int producers = producers_for(TestType::max_producers, 3);
  const int consumers = producers_for(TestType::max_consumers, 2);
  const std::uint64_t per_producer = 20000;
  TestType q(64);
  std::vector<std::vector<std::uint64_t>> got(consumers);
  std::vector<std::thread> threads;
  for (int c = 0; c < consumers; ++c)
    threads.emplace_back([&, c] {
      std::uint64_t v;
      while (q.pop(v) == Status::ok) got[c].push_back(v);
    });
  std::atomic<int> refused{0};  // Catch2 assertions are not thread-safe: count, check after join
  std::vector<std::thread> prods;
  for (int p = 0; p < producers; ++p)
    prods.emplace_back([&, p] {
      for (std::uint64_t i = 0; i < per_producer; ++i)
        if (q.push(tag(p, i)) != Status::ok) refused.fetch_add(1);
    });
  for (auto& t : prods) t.join();
  q.close();
  for (auto& t : threads) t.join();
  REQUIRE(refused.load() == 0);

  std::vector<std::uint64_t> all;
  for (auto& g : got) {
    std::vector<std::int64_t> last(producers, -1);  // per consumer, per producer: increasing
    for (auto v : g) {
      auto p = v >> 32;
      auto i = static_cast<std::int64_t>(v & 0xffffffffu);
      if (TestType::order != Order::approximate_fifo) REQUIRE(i > last[p]);
      last[p] = i;
    }
    all.insert(all.end(), g.begin(), g.end());
  }
  std::sort(all.begin(), all.end());
  REQUIRE(all.size() == per_producer * producers);
  REQUIRE(std::adjacent_find(all.begin(), all.end()) == all.end());
}

TEMPLATE_LIST_TEST_CASE("close racing with producers loses no accepted element", "[queue][threads]",
                        verified_implementations) {
  if (skip_known_bad<TestType>()) return;
  const int producers = producers_for(TestType::max_producers, 2);
  TestType q(32);
  std::atomic<std::uint64_t> accepted{0}, popped{0};
  std::thread consumer([&] {
    std::uint64_t v;
    while (q.pop(v) == Status::ok) popped.fetch_add(1);
  });
  std::vector<std::thread> prods;
  for (int p = 0; p < producers; ++p)
    prods.emplace_back([&] {
      std::uint64_t i = 0;
      while (q.push(i++) == Status::ok) accepted.fetch_add(1);
    });
  const bool reached = verify::eventually([&] { return accepted.load() >= 5000; });
  q.close();  // ends every push and pop whether or not 5,000 were reached
  for (auto& t : prods) t.join();
  consumer.join();
  INFO("waited for 5,000 accepted pushes before the close; got " << accepted.load());
  REQUIRE(reached);
  REQUIRE(popped.load() == accepted.load());
}
