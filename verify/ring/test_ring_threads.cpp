// Every correct ring of the family list (an adopted one, in an adopt build)
// on real threads, through the family interface alone (try_write / try_read):
// producers send self-checking messages of varied length through a small ring
// that wraps many times; the consumer checks each one is intact and the next
// of its producer. Under ThreadSanitizer a publication without its release
// (the consumer reading bytes the producer is still writing) is a data race.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "impls/ring/family.hpp"
#include "verify/common/bounded_wait.hpp"
#include "verify/common/seed.hpp"
#include "verify/common/test_lists.hpp"
#include "verify/ring/ring_messages.hpp"

using namespace gauntlet;
using namespace gauntlet::ring;
using gauntlet::verify::message;
using gauntlet::verify::MessageId;
using gauntlet::verify::well_formed;

namespace {

using Correct = verify::correct_only<verified_implementations>;

// The seed's calls answer a bool, ours a Status; an adopted ring either.
[[maybe_unused]] bool done(bool ok) { return ok; }
[[maybe_unused]] bool done(Status s) { return s == Status::ok; }

// A hang guard, not a timing assertion: no correct ring comes near it.
constexpr auto kGiveUp = std::chrono::seconds(20);

}  // namespace

TEMPLATE_LIST_TEST_CASE("threads: every message arrives intact and in its producer's order", "[ring][threads]",
                        Correct) {
  constexpr std::uint32_t kPerProducer = 20000;
  const unsigned producers = TestType::max_producers == 1 ? 1 : 2;  // 0: any number
  const std::uint64_t seed = verify::announce_seed("ring threads");
  TestType ring(256);  // a few messages fit: the producers keep wrapping and filling it
  const auto give_up_at = std::chrono::steady_clock::now() + kGiveUp;

  std::vector<std::thread> threads;
  for (unsigned p = 0; p < producers; ++p)
    threads.emplace_back([&, p] {
      for (std::uint32_t i = 0; i < kPerProducer; ++i) {
        auto m = message(p, i, (seed + p * 7 + i) % 41);  // 8 to 48 bytes
        if (!verify::retry_until(give_up_at, [&] { return done(ring.try_write(m)); })) return;
      }
    });

  std::vector<std::uint32_t> next(producers, 0);
  std::uint64_t received = 0, bad = 0, out_of_order = 0;
  bool timed_out = false;
  auto check = [&](std::span<const std::byte> m) {
    MessageId id;
    if (!well_formed(m, id) || id.producer >= producers) {
      ++bad;
      return;
    }
    if (id.index != next[id.producer]) ++out_of_order;
    next[id.producer] = id.index + 1;
  };
  for (; received < std::uint64_t{producers} * kPerProducer; ++received)
    if (!verify::retry_until(give_up_at, [&] { return done(ring.try_read(check)); })) {
      timed_out = true;
      break;
    }
  for (auto& t : threads) t.join();
  INFO("seed " << seed << ", " << producers << " producers, " << received << " messages received");
  CHECK_FALSE(timed_out);  // waited 20 s for the next message: one was lost, or the ring stopped accepting
  CHECK(bad == 0);
  CHECK(out_of_order == 0);
}
