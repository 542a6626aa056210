// The per-block owner check under real threads (owner_check.hpp), over every
// in-process pool but the known-bad ones, plus one thread allocating and
// another freeing. Seeded: GAUNTLET_SEED replays.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "impls/pool/family.hpp"
#include "verify/common/bounded_wait.hpp"
#include "verify/common/seed.hpp"
#include "verify/pool/owner_check.hpp"

namespace gauntlet::pool {
namespace {

std::uint64_t run_seed() {
  static const std::uint64_t seed = verify::announce_seed("pool tests");
  return seed;
}

TEMPLATE_LIST_TEST_CASE("no block is handed out twice under threads", "[pool][stress]", verified_in_process) {
  if constexpr (TestType::kind != Kind::known_bad) {
    INFO("seed " << run_seed());
    TestType p(PoolConfig{1, 4});
    auto r = test::owner_check(p, 4, 20000, run_seed());
    CHECK(r.violations == 0);
    CHECK(r.ops == 4 * 20000);
  }
}

TEMPLATE_LIST_TEST_CASE("one thread allocates, another frees", "[pool][stress]", verified_in_process) {
  if constexpr (TestType::kind != Kind::known_bad) {
    TestType p;
    constexpr int n = 20000, ring = 256;
    std::atomic<void*> slots[ring];
    for (auto& s : slots) s = nullptr;
    // Catch2 assertions are not thread-safe: the consumer counts, the test checks after the join.
    std::atomic<int> wrong{0}, freed{0};
    std::atomic<bool> stuck{false};
    const auto give_up = std::chrono::steady_clock::now() + verify::kHangGuard;
    std::thread consumer([&] {
      for (int i = 0; i < n && !stuck; ++i) {
        void* b = nullptr;
        if (!verify::retry_until(give_up, [&] { return (b = slots[i % ring].exchange(nullptr)) != nullptr; }))
          return stuck.store(true);
        if (*static_cast<int*>(b) != i) wrong.fetch_add(1);
        p.deallocate(b, 48);
        freed.fetch_add(1);
      }
    });
    for (int i = 0; i < n && !stuck; ++i) {
      void* b = p.allocate(48);
      *static_cast<int*>(b) = i;
      if (!verify::retry_until(give_up, [&] { return slots[i % ring].load() == nullptr; }))
        stuck.store(true);
      else
        slots[i % ring].store(b);
    }
    consumer.join();
    INFO("waited for each block to cross from the allocating thread to the freeing one");
    REQUIRE_FALSE(stuck.load());
    CHECK(wrong.load() == 0);
    CHECK(freed.load() == n);
  }
}

}  // namespace
}  // namespace gauntlet::pool
