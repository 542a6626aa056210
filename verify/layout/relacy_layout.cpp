// Relacy model checks for every implementation of the family (none is a peer).
//
//   relacy-sum-exact   3 writers, each incrementing its own counter twice,
//                      and the main thread's after(): the sum is exactly 6
//                      once all have finished; a fourth thread sums while
//                      they run and must see non-decreasing values, never
//                      past 6.
//   relacy-shared-shard  (sharded only) 3 writers on 2 shards, so two share
//                      one: the atomic add must still lose no increment.
//                      Its teeth: a row for `torn-shard`, a model kept here
//                      (not on the family list) whose shards add by a load and
//                      a store, which must be caught losing an increment.
//
// Depth: --depth ci 20,000 random schedules per check and the context-bound
// search at bound 2; --depth full 200,000 and bound 3.
#include "impls/layout/family.hpp"
#include "verify/common/relacy_runner.hpp"
#include "verify/common/verdict.hpp"

namespace gauntlet::layout {
namespace {

using verify::RelacyConfig;
using verify::run_relacy;

template <class C, unsigned Writers, unsigned Capacity>
struct SumSuite : rl::test_suite<SumSuite<C, Writers, Capacity>, Writers + 1> {
  static constexpr unsigned rounds = 2;
  C c{Capacity};

  void thread(unsigned index) {
    if (index < Writers) {
      for (unsigned k = 0; k < rounds; ++k) c.increment(index);
    } else {
      std::uint64_t first = c.sum();
      std::uint64_t second = c.sum();
      RL_ASSERT(first <= second);
      RL_ASSERT(second <= Writers * rounds);
    }
  }
  void after() { RL_ASSERT(c.sum() == Writers * rounds); }
};

struct Budget {
  rl::iteration_t random_iterations;
  unsigned context_bound;
};

template <class C>
void check(verify::Verifier& v, const Budget& b) {
  const auto random = RelacyConfig::random(b.random_iterations);
  v.record<C>("relacy-sum-exact", run_relacy<SumSuite<C, 3, 3>>(random));
  v.record<C>("relacy-sum-exact-bounded",
              run_relacy<SumSuite<C, 2, 2>>(RelacyConfig::context_bounded(b.context_bound)));
}

// Sharded with shard_limit 2: writers 0 and 2 share shard 0.
struct TwoShards : ShardedCounters {
  explicit TwoShards(unsigned threads) : ShardedCounters(threads, 2) {}
};

// The check's known-bad model: shards shared as above, each add a relaxed load
// then a store, so two writers of one shard can both read n and both write n + 1.
struct TornShards {
  static constexpr unsigned shards = 2;
  atomic<std::uint64_t> cells[shards];
  explicit TornShards(unsigned) {
    for (auto& c : cells) c.store(0, std::memory_order_relaxed);
  }
  void increment(unsigned i) {
    auto& c = cells[i % shards];
    c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
  std::uint64_t sum() const {
    std::uint64_t s = 0;
    for (const auto& c : cells) s += c.load(std::memory_order_relaxed);
    return s;
  }
};

}  // namespace
}  // namespace gauntlet::layout

int main(int argc, char** argv) {
  using namespace gauntlet;
  verify::Verifier v(std::string(layout::family_name), argc, argv);
  const layout::Budget budget = v.full() ? layout::Budget{200000, 3} : layout::Budget{20000, 2};
  for_each_type(layout::verified_implementations{}, [&]<class C>() {
    if (!v.selected(C::name)) return;
    if constexpr (model_checkable<C>) layout::check<C>(v, budget);
    if constexpr (std::is_same_v<C, layout::ShardedCounters>)
      v.record<C>("relacy-shared-shard", verify::run_relacy<layout::SumSuite<layout::TwoShards, 3, 3>>(
                                             verify::RelacyConfig::random(budget.random_iterations)));
  });
  if (v.selected("torn-shard")) {
    v.record("torn-shard", Kind::known_bad, "relacy-shared-shard",
             verify::run_relacy<layout::SumSuite<layout::TornShards, 3, 3>>(
                 verify::RelacyConfig::random(budget.random_iterations)),
             /*must_catch=*/true);
  }
  return v.finish_known(layout::implementations{}, {"torn-shard"});
}
