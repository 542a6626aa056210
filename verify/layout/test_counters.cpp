// Every counter set on real threads: the sum after the joins is exact, a
// concurrent sum never goes down, and the constructor refuses zero threads.
// Bounded: sum_stress.hpp's start gate has a deadline; the writers' loops are finite.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "impls/layout/family.hpp"
#include "verify/layout/sum_stress.hpp"

namespace gauntlet::layout {
namespace {

TEMPLATE_LIST_TEST_CASE("the sum after every writer has finished is exact", "[layout][stress]", implementations) {
  for (unsigned threads : {1u, 2u, 4u}) {
    auto r = test::stress_sum<TestType>(threads, threads, 50000);
    INFO(TestType::name << " with " << threads << " threads");
    CHECK(r.got == r.expected);
    CHECK(r.monotone);
  }
}

TEMPLATE_LIST_TEST_CASE("single-threaded counts and cells", "[layout][contract]", implementations) {
  TestType c(3);
  CHECK(c.threads() == 3u);
  CHECK(c.sum() == 0u);
  c.increment(0);
  c.increment(2);
  c.increment(2);
  CHECK(c.sum() == 3u);
  CHECK(c.cell(0) != c.cell(2));
  CHECK_THROWS_AS(TestType(0), std::invalid_argument);
}

TEST_CASE("sharded: more writers than shards share them and lose nothing", "[layout][stress]") {
  struct TwoShards : ShardedCounters {
    explicit TwoShards(unsigned threads) : ShardedCounters(threads, 2) {}
  };
  TwoShards probe(4);
  CHECK(probe.shards() == 2u);
  CHECK(probe.cell(0) == probe.cell(2));
  auto r = test::stress_sum<TwoShards>(4, 4, 50000);
  CHECK(r.got == r.expected);
  CHECK(r.monotone);
}

TEST_CASE("sharded: shard counts are powers of two, one per writer up to the limit", "[layout][contract]") {
  CHECK(ShardedCounters(1).shards() == 1u);
  CHECK(ShardedCounters(3).shards() == 4u);
  CHECK(ShardedCounters(8).shards() == 8u);
  CHECK(ShardedCounters(9, 6).shards() == 4u);
  CHECK(ShardedCounters(1000).shards() == ShardedCounters::max_shards);
}

}  // namespace
}  // namespace gauntlet::layout
