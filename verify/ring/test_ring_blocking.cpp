// Tests of the rings' blocking layer (BlockingRing, ring/blocking_ring.hpp)
// over our two zero-copy rings: blocking calls wake when the other side acts,
// timed calls time out, close() wakes every waiter and loses no accepted
// message, and the blocking zero-copy calls still hand over in place.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "impls/ring/family.hpp"
#include "verify/common/bounded_wait.hpp"
#include "verify/common/seed.hpp"
#include "verify/ring/ring_messages.hpp"

using namespace gauntlet;
using namespace gauntlet::ring;
using namespace std::chrono_literals;
using gauntlet::verify::message;
using gauntlet::verify::MessageId;
using gauntlet::verify::well_formed;
using Sp = BlockingRing<ByteRing<false>>;
using Mp = BlockingRing<ByteRing<true>>;
using Message = std::span<const std::byte>;

namespace {

// Gives a just-started thread time to fall asleep in its blocking call, so
// the wake-up path is what usually runs. Nothing depends on it: the call
// must return the expected status whether it slept or not.
void let_it_block() { std::this_thread::sleep_for(5ms); }

// Writes 8-byte messages until the ring is full; returns how many went in.
template <class R>
std::uint32_t fill(R& r) {
  std::uint32_t i = 0;
  while (r.try_write(message(0, i, 0)) == Status::ok) ++i;
  REQUIRE(i > 0);
  return i;
}

}  // namespace

TEMPLATE_TEST_CASE("blocking read wakes on write; blocking peek sees the committed bytes in place", "[ring][blocking]",
                   Sp, Mp) {
  TestType r(256);
  Status read_status = Status::would_block, peek_status = Status::would_block;
  bool intact = false;
  std::thread reader([&] { read_status = r.read([&](Message m) { intact = well_formed(m); }); });
  let_it_block();
  REQUIRE(r.write(message(0, 0, 20)) == Status::ok);
  reader.join();
  REQUIRE(read_status == Status::ok);
  REQUIRE(intact);

  Message seen;
  std::thread peeker([&] { peek_status = r.peek(seen); });
  let_it_block();
  typename TestType::Reservation res{};
  REQUIRE(r.reserve(24, res) == Status::ok);
  std::memset(res.data, 7, 24);
  r.commit(res);
  peeker.join();
  REQUIRE(peek_status == Status::ok);
  REQUIRE(seen.data() == res.data);  // zero-copy: the consumer reads where the producer wrote
  REQUIRE(seen.size() == 24);
  r.release();
}

TEMPLATE_TEST_CASE("blocking write and reserve wake when the consumer releases", "[ring][blocking]", Sp, Mp) {
  TestType r(128);
  fill(r);
  Status write_status = Status::would_block;
  std::thread writer([&] { write_status = r.write(message(0, 100, 0)); });
  let_it_block();
  REQUIRE(r.try_read([](Message) {}) == Status::ok);
  writer.join();
  REQUIRE(write_status == Status::ok);

  typename TestType::Reservation res{};
  Status reserve_status = Status::would_block;
  std::thread reserver([&] { reserve_status = r.reserve(8, res); });
  let_it_block();
  Message m;
  REQUIRE(r.peek(m) == Status::ok);
  r.release();
  reserver.join();
  REQUIRE(reserve_status == Status::ok);
  r.commit(res);
}

TEMPLATE_TEST_CASE("timed operations time out on empty and full", "[ring][blocking]", Sp, Mp) {
  TestType r(128);
  Message m;
  auto deadline = steady_clock::now() + 2ms;
  REQUIRE(r.peek_until(m, deadline) == Status::timed_out);
  REQUIRE(steady_clock::now() >= deadline);
  REQUIRE(r.read_until([](Message) {}, steady_clock::now() + 2ms) == Status::timed_out);
  fill(r);
  deadline = steady_clock::now() + 2ms;
  REQUIRE(r.write_until(message(0, 0, 0), deadline) == Status::timed_out);
  REQUIRE(steady_clock::now() >= deadline);
  typename TestType::Reservation res{};
  REQUIRE(r.reserve_until(8, res, steady_clock::now() + 2ms) == Status::timed_out);
  REQUIRE(r.read_until([](Message) {}, steady_clock::now() + 1h) == Status::ok);
  REQUIRE(r.write_until(message(0, 0, 0), steady_clock::now() + 1h) == Status::ok);
}

TEMPLATE_TEST_CASE("a message that can never fit is refused, not waited for", "[ring][blocking]", Sp, Mp) {
  TestType r(128);
  typename TestType::Reservation res{};
  REQUIRE(r.try_reserve(r.max_message() + 1, res) == Status::too_large);
  REQUIRE(r.reserve(r.max_message() + 1, res) == Status::too_large);
  REQUIRE(r.write(message(0, 0, r.max_message())) == Status::too_large);  // 8 head bytes too many
  REQUIRE(r.write(message(0, 0, r.max_message() - 8)) == Status::ok);
}

TEMPLATE_TEST_CASE("close wakes every waiter, readers and writers", "[ring][blocking]", Sp, Mp) {
  const int writers = TestType::max_producers == 1 ? 1 : 3;
  TestType empty_read(128), empty_peek(128), full(128);
  const std::uint32_t accepted = fill(full);
  std::vector<Status> got(writers + 2, Status::ok);
  std::vector<std::thread> waiters;
  waiters.emplace_back([&] { got[0] = empty_read.read([](Message) {}); });
  waiters.emplace_back([&] {
    Message m;
    got[1] = empty_peek.peek_until(m, steady_clock::now() + 1h);
  });
  for (int w = 0; w < writers; ++w)
    waiters.emplace_back([&, w] {
      typename TestType::Reservation res{};
      got[2 + w] = w % 2 ? full.reserve(8, res) : full.write(message(1, w, 0));
    });
  let_it_block();
  empty_read.close();
  empty_peek.close();
  full.close();
  for (auto& t : waiters) t.join();
  for (Status s : got) REQUIRE(s == Status::closed);
  std::uint32_t drained = 0;  // what was accepted before close stays readable
  while (full.read([&](Message m) { drained += well_formed(m); }) == Status::ok) {
  }
  REQUIRE(drained == accepted);
}

TEMPLATE_TEST_CASE("a reservation taken before close is committed and read after it", "[ring][blocking]", Sp, Mp) {
  TestType r(128);
  typename TestType::Reservation res{};
  REQUIRE(r.reserve(16, res) == Status::ok);
  r.close();
  typename TestType::Reservation refused{};
  REQUIRE(r.try_write(message(0, 1, 0)) == Status::closed);  // new reservations are refused...
  REQUIRE(r.try_reserve(8, refused) == Status::closed);
  Message m;
  REQUIRE(r.try_peek(m) == Status::would_block);  // ...but the one outstanding is still coming
  Status reader_status = Status::would_block;
  bool intact = false;
  std::thread reader([&] { reader_status = r.read([&](Message got) { intact = well_formed(got); }); });
  let_it_block();
  auto msg = message(0, 0, 8);
  std::memcpy(res.data, msg.data(), msg.size());
  r.commit(res);
  reader.join();
  REQUIRE(reader_status == Status::ok);
  REQUIRE(intact);
  REQUIRE(r.read([](Message) {}) == Status::closed);
  REQUIRE(r.try_peek(m) == Status::closed);
}

TEMPLATE_TEST_CASE("close racing with producers never loses an accepted message", "[ring][blocking][threads]", Sp, Mp) {
  const unsigned producers = TestType::max_producers == 1 ? 1 : 3;
  const std::uint64_t seed = gauntlet::verify::announce_seed("test_ring_blocking");
  const int rounds = 60;
  for (int round = 0; round < rounds; ++round) {
    std::mt19937_64 rng(seed + round);  // lengths, call forms and the close point; the schedule is the OS's
    const std::uint32_t close_after = rng() % 3000;
    TestType r(256);
    std::vector<std::uint32_t> accepted(producers, 0);  // each written by its producer only
    std::atomic<std::uint32_t> total_accepted{0};
    std::vector<std::thread> threads;
    for (unsigned p = 0; p < producers; ++p)
      threads.emplace_back([&, p, stream = rng()]() mutable {
        std::mt19937_64 local(stream);
        for (std::uint32_t i = 0;; ++i) {
          auto m = message(p, i, local() % 100);
          Status s;
          if (local() % 2) {
            s = r.write(m);
          } else {  // zero-copy form: close() may land between reserve and commit
            typename TestType::Reservation res{};
            s = r.reserve(m.size(), res);
            if (s == Status::ok) {
              std::memcpy(res.data, m.data(), m.size());
              r.commit(res);
            }
          }
          if (s != Status::ok) break;  // closed
          ++accepted[p];
          total_accepted.fetch_add(1, std::memory_order_relaxed);
        }
      });
    std::vector<std::uint32_t> next(producers, 0);
    std::uint64_t bad = 0;
    std::thread consumer([&] {
      auto check = [&](Message m) {
        MessageId id;
        if (!well_formed(m, id) || id.producer >= producers || id.index != next[id.producer])
          ++bad;
        else
          ++next[id.producer];
      };
      for (bool zero_copy = false;; zero_copy = !zero_copy) {
        Message m;
        Status s = zero_copy ? r.peek(m) : r.read(check);
        if (s != Status::ok) break;
        if (zero_copy) {
          check(m);
          r.release();
        }
      }
    });
    const bool reached =
        verify::eventually([&] { return total_accepted.load(std::memory_order_relaxed) >= close_after; });
    r.close();  // ends every wait whether or not close_after was reached
    for (auto& t : threads) t.join();
    consumer.join();
    INFO("round " << round << " of seed " << seed << ": waited for " << close_after << " accepted messages");
    REQUIRE(reached);
    REQUIRE(bad == 0);
    REQUIRE(next == accepted);  // every accepted message read once, none invented
  }
}
