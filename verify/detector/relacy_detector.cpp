// Relacy model checks of the heartbeat recorders (the family's shared state;
// the detectors are single-threaded and have none).
//
//   relacy-record-exact   3 recorder threads, each recording node 0 at times
//                         10 + i and node 1 at times 20 - i (so the largest
//                         time of node 1 comes first), and a reader polling
//                         node 0 twice: after the joins each node's count is 3
//                         and its last_seen the largest time recorded (12 and
//                         20); the reader's polls of node 0 (time and count)
//                         never go down.
//   relacy-record-exact-bounded  the same with 2 recorders, every schedule up
//                         to the context bound.
// Its teeth: rows for two models kept here (not on the family list), each of
// which must be caught: `store-max` (last_seen written by a plain load, compare
// and store, so a slower thread can overwrite a larger time) and `split-count`
// (the count added by a load and a store).
//
// Depth: --depth ci 20,000 random schedules and bound 2; full 200,000 and bound 3.
#include "impls/detector/family.hpp"
#include "verify/common/relacy_runner.hpp"
#include "verify/common/verdict.hpp"

namespace gauntlet::detector {
namespace {

using verify::RelacyConfig;
using verify::run_relacy;

template <class R, unsigned Writers>
struct RecordSuite : rl::test_suite<RecordSuite<R, Writers>, Writers + 1> {
  R rec{2};

  void thread(unsigned index) {
    if (index < Writers) {
      rec.record(0, 10 + index);
      rec.record(1, 20 - index);
    } else {
      const micros first = rec.last_seen(0);
      const std::uint64_t count_first = rec.count(0);  // read while the writers write, too
      const micros second = rec.last_seen(0);
      RL_ASSERT(first <= second);
      RL_ASSERT(count_first <= rec.count(0));  // a count never goes backwards
    }
  }
  void after() {
    RL_ASSERT(rec.count(0) == Writers);
    RL_ASSERT(rec.count(1) == Writers);
    RL_ASSERT(rec.last_seen(0) == static_cast<micros>(10 + Writers - 1));
    RL_ASSERT(rec.last_seen(1) == 20);
  }
};

// The known-bad models of the check: one of the recorder's two steps done wrong each.
template <bool TornMax, bool SplitCount>
struct BrokenRecorder {
  atomic<micros> last[2];
  atomic<std::uint64_t> n[2];
  explicit BrokenRecorder(unsigned) {
    for (unsigned i = 0; i < 2; ++i) {
      last[i].store(0, std::memory_order_relaxed);
      n[i].store(0, std::memory_order_relaxed);
    }
  }
  void record(node_id k, micros now) {
    if (TornMax) {
      if (now > last[k].load(std::memory_order_relaxed)) last[k].store(now, std::memory_order_relaxed);
    } else {
      micros seen = last[k].load(std::memory_order_relaxed);
      while (now > seen && !last[k].compare_exchange_weak(seen, now, std::memory_order_relaxed)) {
      }
    }
    if (SplitCount)
      n[k].store(n[k].load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    else
      n[k].fetch_add(1, std::memory_order_relaxed);
  }
  micros last_seen(node_id k) const { return last[k].load(std::memory_order_relaxed); }
  std::uint64_t count(node_id k) const { return n[k].load(std::memory_order_relaxed); }
};

struct Budget {
  rl::iteration_t random_iterations;
  unsigned context_bound;
};

}  // namespace
}  // namespace gauntlet::detector

int main(int argc, char** argv) {
  using namespace gauntlet;
  using detector::RecordSuite;
  verify::Verifier v(std::string(detector::family_name), argc, argv);
  const detector::Budget b = v.full() ? detector::Budget{200000, 3} : detector::Budget{20000, 2};
  const auto random = verify::RelacyConfig::random(b.random_iterations);
  for_each_type(detector::verified_implementations{}, [&]<class T>() {
    if (!v.selected(T::name)) return;
    if constexpr (detector::Recorder<T> && !detector::Detector<T> && model_checkable<T>) {
      v.record<T>("relacy-record-exact", verify::run_relacy<RecordSuite<T, 3>>(random));
      v.record<T>("relacy-record-exact-bounded",
                  verify::run_relacy<RecordSuite<T, 2>>(verify::RelacyConfig::context_bounded(b.context_bound)));
    }
  });
  if (v.selected("store-max")) {
    v.record("store-max", Kind::known_bad, "relacy-record-exact",
             verify::run_relacy<RecordSuite<detector::BrokenRecorder<true, false>, 3>>(random), true);
  }
  if (v.selected("split-count")) {
    v.record("split-count", Kind::known_bad, "relacy-record-exact",
             verify::run_relacy<RecordSuite<detector::BrokenRecorder<false, true>, 3>>(random), true);
  }
  return v.finish_known(detector::implementations{}, {"store-max", "split-count"});
}
