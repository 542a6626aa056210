// The search agrees with the brute-force checker on thousands of small
// random histories of every model, indeterminate operations included.
#include <catch2/catch.hpp>

#include <cstdio>

#include "verify/common/seed.hpp"
#include "verify/lincheck/tests/differential.hpp"
#include "verify/lincheck/tests/known_bad_models.hpp"

using namespace gauntlet::lincheck;
using namespace gauntlet::lincheck::testing;

TEST_CASE("search agrees with brute force on small random histories") {
  auto seed = gauntlet::verify::announce_seed("differential");
  auto stats =
      differential_all<models::Register, models::CasRegister, models::Queue, models::Set, models::Counter, models::Kv,
                       models::Bank, models::Mutex, models::MultiRegister, models::UnorderedQueue>(seed, 3000, 8);
  std::printf(
      "differential: %llu histories, %llu linearizable, %llu with indeterminate operations, %llu disagreements\n",
      (unsigned long long)stats.histories, (unsigned long long)stats.linearizable,
      (unsigned long long)stats.with_indeterminate, (unsigned long long)stats.disagreements);
  INFO("seed " << seed << ": " << stats.first_disagreement);
  CHECK(stats.disagreements == 0);
  // Both verdicts and indeterminate operations are well represented.
  CHECK(stats.linearizable > stats.histories / 8);
  CHECK(stats.histories - stats.linearizable > stats.histories / 8);
  CHECK(stats.with_indeterminate > stats.histories / 10);
}

TEST_CASE("the kv lookahead fires on appends and reads, and agrees with brute force") {
  auto seed = gauntlet::verify::announce_seed("lookahead");
  Rng rng(seed);
  DifferentialStats appends, puts;
  differential<KvAppends>(rng, 3000, 8, appends, 6);  // many clients: appends overlap
  differential<KvAppends>(rng, 1500, 8, appends, 6, 3);
  differential<models::Kv>(rng, 3000, 8, puts);  // puts too: the lookahead must wait for them
  for (const auto* s : {&appends, &puts})
    std::printf("lookahead: %llu histories, %llu linearizable, %llu pruned by the lookahead, %llu disagreements\n",
                (unsigned long long)s->histories, (unsigned long long)s->linearizable, (unsigned long long)s->pruned,
                (unsigned long long)s->disagreements);
  INFO("seed " << seed << ": " << appends.first_disagreement << puts.first_disagreement);
  CHECK(appends.disagreements == 0);
  CHECK(puts.disagreements == 0);
  CHECK(appends.pruned > appends.histories / 20);  // about one in eight
  CHECK(puts.pruned > 0);
}

TEST_CASE("the lookahead reaches through jepsen.independent keys, and agrees with brute force") {
  auto seed = gauntlet::verify::announce_seed("independent-lookahead");
  Rng rng(seed);
  DifferentialStats counter, kv;
  differential<models::Independent<models::Counter>>(rng, 3000, 8, counter, 6);
  differential<models::Independent<KvAppends>>(rng, 3000, 8, kv, 6);
  for (const auto* s : {&counter, &kv})
    std::printf("independent: %llu histories, %llu pruned by the lookahead, %llu disagreements\n",
                (unsigned long long)s->histories, (unsigned long long)s->pruned, (unsigned long long)s->disagreements);
  INFO("seed " << seed << ": " << counter.first_disagreement << kv.first_disagreement);
  CHECK(counter.disagreements == 0);
  CHECK(kv.disagreements == 0);
  // The inner model's lookahead fires through the wrapper (without it, nothing is pruned).
  CHECK(counter.pruned > 0);
  CHECK(kv.pruned > counter.histories / 50);
}

TEST_CASE("a lookahead that ignores puts is caught by the comparison") {
  auto seed = gauntlet::verify::announce_seed("put-blind");
  Rng rng(seed);
  DifferentialStats stats;
  differential<models::Kv, PutBlindKv>(rng, 3000, 8, stats);
  INFO("seed " << seed);
  CHECK(stats.disagreements > 0);
}

TEST_CASE("wrong mutex, multi-register and unordered-queue models are caught by the comparison") {
  auto seed = gauntlet::verify::announce_seed("new-models-known-bad");
  Rng rng(seed);
  DifferentialStats mutex, multi, queue;
  differential<models::Mutex, ReentrantMutex>(rng, 3000, 8, mutex);
  differential<models::MultiRegister, SnapshotReadMultiRegister>(rng, 3000, 8, multi);
  differential<models::UnorderedQueue, SmallestFirstQueue>(rng, 3000, 8, queue);
  INFO("seed " << seed);
  CHECK(mutex.disagreements > 0);
  CHECK(multi.disagreements > 0);
  CHECK(queue.disagreements > 0);
}

namespace {
// The reductions (observers without branching, subsumed configurations, the
// models' lookahead) against the plain search, on histories too long for the brute force.
template <class M>
void reductions_agree(Rng& rng, int count, std::uint64_t& compared, std::string& first_difference) {
  M model = test_model<M>();
  CheckOptions plain;
  plain.reductions = false;
  for (int k = 0; k < count; ++k) {
    auto ops = random_history(rng, model, 18, 6, 3);
    auto fast = check<M>(ops, {}, model).verdict;
    auto slow = check<M>(ops, plain, model).verdict;
    ++compared;
    if (fast != slow && first_difference.empty())
      first_difference = std::string(M::name) + " history " + std::to_string(k) + ": " + std::string(to_string(fast)) +
                         " with reductions, " + std::string(to_string(slow)) + " without";
  }
}
}  // namespace

TEST_CASE("the search's reductions change no verdict on longer histories") {
  auto seed = gauntlet::verify::announce_seed("reductions");
  Rng rng(seed);
  std::uint64_t compared = 0;
  std::string difference;
  reductions_agree<models::Register>(rng, 400, compared, difference);
  reductions_agree<models::CasRegister>(rng, 400, compared, difference);
  reductions_agree<models::Queue>(rng, 400, compared, difference);
  reductions_agree<models::Set>(rng, 400, compared, difference);
  reductions_agree<models::Counter>(rng, 400, compared, difference);
  reductions_agree<models::Kv>(rng, 400, compared, difference);
  reductions_agree<KvAppends>(rng, 400, compared, difference);
  reductions_agree<models::Bank>(rng, 400, compared, difference);
  reductions_agree<models::Mutex>(rng, 400, compared, difference);
  reductions_agree<models::MultiRegister>(rng, 400, compared, difference);
  reductions_agree<models::UnorderedQueue>(rng, 400, compared, difference);
  INFO("seed " << seed << ": " << difference);
  CHECK(difference.empty());
  CHECK(compared == 4400);
}
