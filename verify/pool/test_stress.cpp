// The per-block owner check under real threads (owner_check.hpp), over every
// in-process pool but the known-bad ones, plus one thread allocating and
// another freeing. Seeded: GAUNTLET_SEED replays.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "impls/pool/family.hpp"
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
    std::thread consumer([&] {
      for (int i = 0; i < n; ++i) {
        void* b;
        while ((b = slots[i % ring].exchange(nullptr)) == nullptr) std::this_thread::yield();
        REQUIRE(*static_cast<int*>(b) == i);
        p.deallocate(b, 48);
      }
    });
    for (int i = 0; i < n; ++i) {
      void* b = p.allocate(48);
      *static_cast<int*>(b) = i;
      while (slots[i % ring].load() != nullptr) std::this_thread::yield();
      slots[i % ring].store(b);
    }
    consumer.join();
  }
}

}  // namespace
}  // namespace gauntlet::pool
