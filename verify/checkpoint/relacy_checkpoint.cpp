// Relacy model checks of the snapshot states (the family's shared state: a
// writer thread and a checkpointing thread; the checkpointers themselves are
// single-threaded and checked by verify_checkpoint).
//
//   relacy-snapshot-consistent   a writer sweeps 4 words in 2 chunks of 2,
//                         rounds 1 and 2 (round r writes r into words 0..3 in
//                         order); a checkpointer takes two snapshots meanwhile.
//                         Each snapshot is of one instant (r + 1 in a prefix,
//                         r in the rest), and the data race detector sees every
//                         word access (shared_words). After the join a
//                         snapshot is all 2s and every parked chunk is freed
//                         (Relacy reports a leak).
//   relacy-snapshot-consistent-bounded   2 words in 2 chunks of 1, one round
//                         and one snapshot, every schedule up to the context
//                         bound.
// Its teeth: `cow-no-quiesce` (impls/checkpoint/cow_no_quiesce.hpp, on the
// family list), the copy-on-write state whose checkpointer does not wait out
// the write in flight when it pins, must be caught.
//
// Depth: --depth ci 20,000 random schedules and bound 1 (the copy-on-write states:
// no bounded row); full 200,000 and bound 2.
#include <type_traits>

#include "impls/checkpoint/family.hpp"
#include "verify/common/relacy_runner.hpp"
#include "verify/common/verdict.hpp"

namespace gauntlet::checkpoint {
namespace {

template <class S, std::size_t Words, std::size_t Chunk>
S make_state() {
  if constexpr (requires { S(Words, Chunk); })
    return S(Words, Chunk);
  else
    return S(Words);
}

template <class S, std::size_t Words, std::size_t Chunk, unsigned Rounds, int Snaps>
struct SnapshotSuite : rl::test_suite<SnapshotSuite<S, Words, Chunk, Rounds, Snaps>, 2> {
  S state = make_state<S, Words, Chunk>();

  static void check_instant(const std::vector<std::uint64_t>& s) {
    for (std::size_t i = 1; i < s.size(); ++i) RL_ASSERT(s[i] <= s[i - 1]);
    RL_ASSERT(s.front() - s.back() <= 1);
  }

  void thread(unsigned index) {
    if (index == 0) {
      for (std::uint64_t r = 1; r <= Rounds; ++r)
        for (std::size_t i = 0; i < Words; ++i) state.write(i, r);
    } else {
      std::vector<std::uint64_t> s;
      for (int k = 0; k < Snaps; ++k) {
        state.snapshot(s);
        check_instant(s);
      }
    }
  }
  void after() {
    std::vector<std::uint64_t> s;
    state.snapshot(s);
    for (std::uint64_t w : s) RL_ASSERT(w == Rounds);
  }
};

struct Budget {
  rl::iteration_t random_iterations;
  unsigned context_bound;
};

}  // namespace
}  // namespace gauntlet::checkpoint

int main(int argc, char** argv) {
  using namespace gauntlet;
  using checkpoint::SnapshotSuite;
  verify::Verifier v(std::string(checkpoint::family_name), argc, argv);
  const checkpoint::Budget b = v.full() ? checkpoint::Budget{200000, 2} : checkpoint::Budget{20000, 1};
  const auto random = verify::RelacyConfig::random(b.random_iterations);
  for_each_type(checkpoint::verified_implementations{}, [&]<class T>() {
    if (!v.selected(T::name)) return;
    if constexpr (checkpoint::SnapshotState<T> && model_checkable<T>) {
      v.record<T>("relacy-snapshot-consistent", verify::run_relacy<SnapshotSuite<T, 4, 2, 2, 2>>(random));
      // The copy-on-write state's spin-waits make its bounded space large (seconds become minutes): full depth only.
      if (v.full() || !checkpoint::copy_on_write<T>)
        v.record<T>("relacy-snapshot-consistent-bounded", verify::run_relacy<SnapshotSuite<T, 2, 1, 1, 1>>(
                                                              verify::RelacyConfig::context_bounded(b.context_bound)));
    }
  });
  return v.finish_known(checkpoint::implementations{});
}
