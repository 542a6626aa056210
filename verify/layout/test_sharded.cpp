// The sharded counters by name: writers beyond the shards share them and
// lose nothing; the shard count's rule.
#include <catch2/catch.hpp>

#include "impls/layout/family.hpp"
#include "verify/layout/sum_stress.hpp"

namespace gauntlet::layout {
namespace {

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
