// Verifier of the checkpoint family (normal build). Checkpointers: the crash
// checks of verify/checkpoint/crash_check.hpp, whose header says what each
// asserts, and verify/checkpoint/crash_model.hpp the persistence rules; each
// row carries states_explored and recovery_failures. Snapshot states:
// stress-snapshot-consistent (verify/checkpoint/snapshot_check.hpp), 256 words
// (chunks of 4 words for the copy-on-write one) under real threads.
//
// Seeds: GAUNTLET_SEED picks the checkpointed states (default 1, printed).
// Depth: --depth ci 3 checkpoints of about 1.5 KB, 3 torn cuts per write;
// full 5 of about 3 KB, every sector cut. Snapshot stress: 2,000 rounds of the
// writer's sweep; full 20,000.
#include <cstdint>
#include <cstdio>
#include <string>

#include "impls/checkpoint/family.hpp"
#include "verify/checkpoint/crash_check.hpp"
#include "verify/checkpoint/snapshot_check.hpp"
#include "verify/common/seed.hpp"
#include "verify/common/verdict.hpp"

int main(int argc, char** argv) {
  using namespace gauntlet;
  verify::Verifier v(std::string(checkpoint::family_name), argc, argv);
  const std::uint64_t seed = verify::seed_from_env().value_or(1);
  std::printf("checkpoint states: seed %llu (replay with GAUNTLET_SEED=%llu)\n", static_cast<unsigned long long>(seed),
              static_cast<unsigned long long>(seed));
  const std::uint64_t rounds = v.full() ? 20000 : 2000;
  const checkpoint::crash::Scenario sc = checkpoint::crash::scenario_for(v.full(), seed);
  for_each_type(checkpoint::verified_implementations{}, [&]<class T>() {
    if (!v.selected(T::name)) return;
    if constexpr (checkpoint::Checkpointer<T>) {
      namespace c = checkpoint::crash;
      v.record<T>("survives-crash", c::survives_crash<T>(sc));
      v.record<T>("crash-prefix", c::crash_prefix<T>(sc));
      v.record<T>("crash-reorder", c::crash_reorder<T>(sc));
      v.record<T>("crash-fsync-eio", c::crash_fsync_eio<T>(sc));
      v.record<T>("crash-torn-sector", c::crash_torn_sector<T>(sc));
    } else {
      constexpr std::size_t words = 256;
      T state = [&] {
        if constexpr (requires { T(words, 4); })
          return T(words, 4);
        else
          return T(words);
      }();
      v.record<T>("stress-snapshot-consistent", checkpoint::snapcheck::stress_snapshot(words, rounds, state));
    }
  });
  return v.finish_known(checkpoint::implementations{});
}
