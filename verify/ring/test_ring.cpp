// Tests of the byte-message rings: the seed's flaws, shown one by one; the
// zero-copy cores' in-place hand-off, wrap-around and multi-producer order
// (the blocking layer over them: test_ring_blocking.cpp).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "impls/ring/family.hpp"
#include "verify/common/bounded_wait.hpp"
#include "verify/common/seed.hpp"
#include "verify/ring/ring_messages.hpp"

using namespace gauntlet;
using namespace gauntlet::ring;
using gauntlet::verify::message;
using gauntlet::verify::well_formed;

namespace {

std::span<const std::byte> bytes(const std::string& s) { return std::as_bytes(std::span(s.data(), s.size())); }
std::string text(std::span<const std::byte> b) {
  return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

}  // namespace

TEST_CASE("seed ring: once the write position reaches the end it is full forever", "[ring][seed]") {
  SeedRing q(64);
  std::string m(16, 'x');
  for (int lap = 0; lap < 4; ++lap) {
    REQUIRE(q.write_message(bytes(m)));
    REQUIRE(q.read_message().has_value());  // read everything: the ring is empty again
  }
  REQUIRE_FALSE(q.read_message().has_value());  // empty...
  REQUIRE_FALSE(q.write_message(bytes(m)));     // ...and still "queue full": it never wraps
}

TEST_CASE("seed ring: a read returns every message since the last read as one, aliasing the buffer", "[ring][seed]") {
  SeedRing q(64);
  REQUIRE(q.write_message(bytes("ab")));
  REQUIRE(q.write_message(bytes("cd")));
  auto got = q.read_message();
  REQUIRE(got.has_value());
  CHECK(text(*got) == "abcd");  // two messages came back as one: boundaries lost
  // The span points into the queue's own storage, handed out after the lock is released.
  CHECK(got->data() >= q.storage());
  CHECK(got->data() + got->size() <= q.storage() + q.storage_size());
}

TEMPLATE_TEST_CASE("zero-copy: the consumer reads the very bytes the producer wrote", "[ring]", ByteRing<false>,
                   ByteRing<true>) {
  TestType r(256);
  for (int i = 0; i < 100; ++i) {  // many laps, so wrapped records are covered too
    std::size_t len = 1 + (i * 13) % 60;
    auto res = r.reserve(len);
    REQUIRE(res.has_value());
    std::memset(res->data, i, len);
    r.commit(*res);
    auto got = r.peek();
    REQUIRE(got.has_value());
    REQUIRE(got->data() == res->data);  // same address: nothing was copied
    REQUIRE(got->size() == len);
    r.release();
  }
}

TEMPLATE_TEST_CASE("zero-copy rings: FIFO with wrap-around padding, full when a lap ahead", "[ring]", ByteRing<false>,
                   ByteRing<true>) {
  TestType r(128);  // 16 words
  REQUIRE(r.max_message() == 64);
  REQUIRE_FALSE(r.reserve(65).has_value());  // more than half a ring is refused outright
  std::uint32_t written = 0, read = 0;
  for (int round = 0; round < 200; ++round) {
    std::size_t len = 8 * (1 + round % 5);
    while (r.try_write(message(0, written, len))) ++written;  // until full
    REQUIRE(written > read);
    bool ok = r.try_read([&](std::span<const std::byte> m) {
      REQUIRE(well_formed(m));
      std::uint32_t head[2];
      std::memcpy(head, m.data(), 8);
      REQUIRE(head[1] == read);
    });
    REQUIRE(ok);
    ++read;
  }
  while (r.try_read([&](std::span<const std::byte>) { ++read; })) {
  }
  REQUIRE(read == written);
}

TEST_CASE("lap mutant: the off-by-one free-space check overwrites the oldest message", "[ring][known-bad]") {
  ByteRingLapOffByOne r(64);  // 8 words; 8-byte messages take one word each
  std::uint64_t i = 0;
  while (r.try_write(std::as_bytes(std::span(&i, 1)))) ++i;
  REQUIRE(i == 9);  // one more than fits: the ninth landed on the first
  std::uint64_t first = 0;
  REQUIRE(r.try_read([&](std::span<const std::byte> m) { std::memcpy(&first, m.data(), 8); }));
  CHECK(first == 8);  // message 0 is gone
}

TEMPLATE_TEST_CASE("threads: every message arrives once, intact, in each producer's order", "[ring][threads]",
                   ByteRing<false>, ByteRing<true>) {
  const unsigned producers = TestType::max_producers == 1 ? 1 : 3;
  const std::uint32_t per_producer = 20000;
  std::mt19937_64 rng(gauntlet::verify::announce_seed("test_ring"));
  std::vector<std::vector<std::size_t>> lengths(producers);
  for (auto& l : lengths)
    for (std::uint32_t i = 0; i < per_producer; ++i) l.push_back(rng() % 120);
  TestType r(1024);
  const auto give_up = std::chrono::steady_clock::now() + gauntlet::verify::kHangGuard;
  std::atomic<bool> stuck{false};
  std::vector<std::thread> threads;
  for (unsigned p = 0; p < producers; ++p)
    threads.emplace_back([&, p] {
      for (std::uint32_t i = 0; i < per_producer; ++i) {
        auto m = message(p, i, lengths[p][i]);
        if (!gauntlet::verify::retry_until(give_up, [&] { return r.try_write(m); })) return stuck.store(true);
      }
    });
  std::vector<std::uint32_t> next(producers, 0);
  std::uint64_t bad = 0, total = 0;
  while (total < std::uint64_t(per_producer) * producers && !stuck) {
    bool got = r.try_read([&](std::span<const std::byte> m) {
      std::uint32_t head[2] = {0, 0};
      if (m.size() >= 8) std::memcpy(head, m.data(), 8);
      if (!well_formed(m) || head[0] >= producers || head[1] != next[head[0]])
        ++bad;
      else
        ++next[head[0]];
      ++total;
    });
    if (!got && std::chrono::steady_clock::now() > give_up) stuck = true;
    if (!got) std::this_thread::yield();
  }
  for (auto& t : threads) t.join();
  INFO("waited for every message to be written and read; read " << total);
  REQUIRE_FALSE(stuck);
  REQUIRE(bad == 0);
  REQUIRE_FALSE(r.peek().has_value());
}
