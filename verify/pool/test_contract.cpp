// The family interface, single-threaded: sizes, alignment, reuse, refused
// frees and their messages, the seed's misfiling, ASan poisoning, and the
// pointer tag's refusal of 57-bit addressing.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <set>
#include <stdexcept>
#include <vector>

#include "impls/platform/poison.hpp"
#include "impls/pool/family.hpp"

namespace gauntlet::pool {
namespace {

using Catch::Matchers::Contains;

TEMPLATE_LIST_TEST_CASE("every implementation satisfies the interface", "[pool]", implementations) {
  STATIC_REQUIRE(Pool<TestType>);
}

TEST_CASE("class lookup is the smallest power of two that fits", "[pool]") {
  CHECK(class_of(1) == 0);
  CHECK(class_of(16) == 0);
  CHECK(class_of(17) == 1);
  CHECK(class_of(32) == 1);
  CHECK(class_of(33) == 2);
  CHECK(class_of(4096) == class_count - 1);
  for (std::size_t n = 1; n <= max_block; ++n) {
    CAPTURE(n);
    REQUIRE(class_size(class_of(n)) >= n);
    REQUIRE(LinearLookup::index(n) == class_of(n));  // the seed's scan finds the same class
  }
}

TEMPLATE_LIST_TEST_CASE("zero and sizes above max_block give nullptr", "[pool]", verified_in_process) {
  TestType p;
  CHECK(p.allocate(0) == nullptr);
  CHECK(p.allocate(max_block + 1) == nullptr);
  p.deallocate(nullptr, 16);  // a no-op
}

TEMPLATE_LIST_TEST_CASE("blocks are aligned, distinct and writable across every class", "[pool]", verified_in_process) {
  TestType p;
  std::vector<std::pair<void*, std::size_t>> held;
  std::set<void*> seen;
  for (int round = 0; round < 40; ++round)
    for (std::size_t n : {1, 15, 16, 17, 64, 100, 500, 1024, 3000, 4096}) {
      void* b = p.allocate(n);
      REQUIRE(b != nullptr);
      CHECK(reinterpret_cast<std::uintptr_t>(b) % 16 == 0);
      CHECK(seen.insert(b).second);
      std::memset(b, 0xab, n);
      held.push_back({b, n});
    }
  for (auto [b, n] : held) p.deallocate(b, n);
}

TEMPLATE_LIST_TEST_CASE("a freed block is reused by its class", "[pool]", ours_and_bad) {
  TestType p;
  void* a = p.allocate(100);
  p.deallocate(a, 100);
  CHECK(p.allocate(120) == a);  // same 128-byte class, LIFO
  p.deallocate(a, 120);
}

TEMPLATE_LIST_TEST_CASE("a double free is refused with a clear message", "[pool][checks]", ours_and_bad) {
  if constexpr (TestType::checks_frees) {
    TestType p;
    void* a = p.allocate(40);
    p.deallocate(a, 40);
    CHECK_THROWS_WITH(p.deallocate(a, 40), Contains("double free") && Contains("pool:"));
    void* b = p.allocate(40);  // the list is intact: the block comes back once
    CHECK(b == a);
    void* c = p.allocate(40);
    CHECK(c != a);
    p.deallocate(b, 40);
    p.deallocate(c, 40);
  } else {
    SUCCEED(TestType::name << " does not check frees (faithful to the seed)");
  }
}

TEMPLATE_LIST_TEST_CASE("a free with a size from another class is refused", "[pool][checks]", ours_and_bad) {
  if constexpr (TestType::checks_frees) {
    TestType p;
    void* a = p.allocate(16);
    CHECK_THROWS_WITH(p.deallocate(a, 4000), Contains("size mismatch") && Contains("16-byte class"));
    CHECK_THROWS_WITH(p.deallocate(a, 0), Contains("size mismatch"));
    CHECK_THROWS_WITH(p.deallocate(a, 5000), Contains("size mismatch"));
    p.deallocate(a, 10);  // any size of the same class is the same class
  }
}

TEST_CASE("the seed files a block by the size it is given (its flaw)", "[pool][seed]") {
  SeedPool p;
  void* small = p.allocate(16);
  p.deallocate(small, 4000);         // no check: filed in the 4096-byte class
  CHECK(p.allocate(4000) == small);  // and handed out for 4000 bytes: 16 fit
  ClassedPool q;
  void* s2 = q.allocate(16);
  CHECK_THROWS_AS(q.deallocate(s2, 4000), std::logic_error);  // ours refuses
  q.deallocate(s2, 16);
}

TEMPLATE_LIST_TEST_CASE("free blocks are poisoned under ASan", "[pool][asan]", ours_and_bad) {
  TestType p;
  auto* a = static_cast<char*>(p.allocate(64));
  CHECK_FALSE(is_poisoned(a));
  CHECK_FALSE(is_poisoned(a + 63));
  p.deallocate(a, 64);
  CHECK(is_poisoned(a) == poisoning_active);
  CHECK(is_poisoned(a + 63) == poisoning_active);
  auto* b = static_cast<char*>(p.allocate(64));
  CHECK_FALSE(is_poisoned(b));
  p.deallocate(b, 64);
}

TEST_CASE("la57 is read from the cpuinfo flags line", "[pool][address]") {
  CHECK(la57_in_cpuinfo("processor\t: 0\nflags\t\t: fpu vme la57 pku\n"));
  CHECK(la57_in_cpuinfo("flags\t\t: fpu la57\n"));
  CHECK_FALSE(la57_in_cpuinfo("flags\t\t: fpu vme pku\nbugs\t: la57x\n"));
  CHECK_FALSE(la57_in_cpuinfo("flags\t\t: fpu xla57 la57y\n"));
  CHECK_FALSE(la57_in_cpuinfo(""));
}

TEST_CASE("addresses above 2^47 leave no room for the tag", "[pool][address]") {
  CHECK(fits_tagged_pointer(0x7fff0000, 4096));
  CHECK(fits_tagged_pointer((std::uintptr_t{1} << 47) - 4096, 4096));
  CHECK_FALSE(fits_tagged_pointer((std::uintptr_t{1} << 47) - 4096, 4097));
  CHECK_FALSE(fits_tagged_pointer(std::uintptr_t{1} << 50, 16));  // a 57-bit address
}

TEST_CASE("the tagged free list refuses a 5-level-paging machine", "[pool][address]") {
  CHECK_THROWS_WITH(TreiberPool(PoolConfig{}, true), Contains("la57"));
  TreiberPool ok(PoolConfig{}, false);
  void* a = ok.allocate(16);
  CHECK(fits_tagged_pointer(reinterpret_cast<std::uintptr_t>(a), 16));
  ok.deallocate(a, 16);
}

TEST_CASE("small magazines and slabs cycle through the depot", "[pool][magazine]") {
  MagazinePool p(PoolConfig{1, 2});
  std::vector<void*> held;
  std::set<void*> seen;
  for (int i = 0; i < 50; ++i) {
    held.push_back(p.allocate(32));
    CHECK(seen.insert(held.back()).second);
  }
  for (void* b : held) p.deallocate(b, 32);
  std::set<void*> again;
  for (int i = 0; i < 50; ++i) again.insert(p.allocate(32));
  CHECK(again == seen);  // every block came back, none twice
  for (void* b : again) p.deallocate(b, 32);
}

// Carving a slab whole wrote every header at once and made all its pages
// resident (the RSS child of bench_pool measured 987 KiB for the magazine
// pool's churn, 635 KiB carved a page at a time).
TEST_CASE("a slab is carved a page at a time, in address order", "[pool][slab]") {
  SlabList slabs(64 * 1024);
  auto chain = [](BlockHeader* h) {
    std::vector<BlockHeader*> out;
    for (; h; h = h->next.load()) out.push_back(h);
    return out;
  };
  auto addr = [](BlockHeader* h) { return reinterpret_cast<std::uintptr_t>(h); };
  std::size_t count = 0;
  const auto first = chain(slabs.carve(0, count));  // 16-byte class: 32-byte stride
  const std::size_t stride = header_bytes + class_size(0);
  CHECK(count == SlabList::carve_bytes / stride);
  REQUIRE(first.size() == count);
  for (std::size_t i = 1; i < first.size(); ++i) CHECK(addr(first[i]) == addr(first[i - 1]) + stride);
  const auto second = chain(slabs.carve(0, count));  // the same slab, right after the first page's blocks
  REQUIRE(!second.empty());
  CHECK(addr(second.front()) == addr(first.back()) + stride);

  const std::size_t big = class_count - 1;  // 4096 bytes: one block per carve, 15 to a 64 KiB slab
  const std::size_t per_slab = SlabList::blocks_per_slab(big, 64 * 1024);
  std::vector<BlockHeader*> blocks;
  for (std::size_t i = 0; i < per_slab + 1; ++i) {
    const auto one = chain(slabs.carve(big, count));
    REQUIRE(one.size() == 1);
    CHECK(count == 1);
    CHECK(one.front()->cls == big);
    blocks.push_back(one.front());
  }
  for (std::size_t i = 1; i < per_slab; ++i)
    CHECK(addr(blocks[i]) == addr(blocks[i - 1]) + header_bytes + class_size(big));
  CHECK(addr(blocks[per_slab]) != addr(blocks[per_slab - 1]) + header_bytes + class_size(big));  // a new slab
}

TEST_CASE("a magazine of a large class holds fewer rounds", "[pool][magazine]") {
  const MagazinePool p;  // 32 rounds, at most 16 KiB a magazine
  CHECK(p.rounds_of(0) == 32);
  CHECK(p.rounds_of(class_count - 2) == 8);  // 2048-byte blocks
  CHECK(p.rounds_of(class_count - 1) == 4);  // 4096
  PoolConfig unbounded;
  unbounded.magazine_bytes = 0;
  CHECK(MagazinePool(unbounded).rounds_of(class_count - 1) == 32);
  PoolConfig tiny;
  tiny.magazine_bytes = 100;  // less than one block of most classes: still one
  CHECK(MagazinePool(tiny).rounds_of(class_count - 1) == 1);
  CHECK(MagazinePool(tiny).rounds_of(0) == 6);
}

// A thread's first allocation fills a magazine from the depot's loose blocks
// (one carved page). It must take a magazine's rounds, no more: a fill that
// took one extra (`<=` for `<` in the loop) held a block no magazine counts,
// and at 64 rounds wrote past the magazine's array.
TEST_CASE("a magazine filled from loose blocks takes exactly its rounds", "[pool][magazine]") {
  for (const std::size_t rounds : {std::size_t{32}, MagazinePool::max_rounds}) {
    PoolConfig cfg;
    cfg.magazine_rounds = rounds;
    cfg.magazine_bytes = 0;
    MagazinePool p(cfg);
    void* b = p.allocate(16);
    REQUIRE(b != nullptr);
    const std::size_t page = SlabList::carve_bytes / (header_bytes + class_size(0));
    INFO("rounds " << rounds << ", a carved page of " << page << " blocks");
    CHECK(p.loose_blocks(0) == page - p.rounds_of(0));
    p.deallocate(b, 16);
  }
}

}  // namespace
}  // namespace gauntlet::pool
