// Detector verifier for every implementation of the family (normal build):
// the checks of verify/detector/checks.hpp, whose header says what each one asserts.
//
// Seeds: GAUNTLET_SEED replays the seeded traces (default 1, printed).
// Depth: --depth ci 400,000 records per recorder thread and phase; full 4,000,000.
#include <cstdint>
#include <cstdio>
#include <string>
#include <type_traits>

#include "impls/detector/family.hpp"
#include "verify/common/seed.hpp"
#include "verify/common/verdict.hpp"
#include "verify/detector/checks.hpp"

int main(int argc, char** argv) {
  using namespace gauntlet;
  verify::Verifier v(std::string(detector::family_name), argc, argv);
  const std::uint64_t rounds = v.full() ? 4000000 : 400000;
  bool seeded = false;
  std::uint64_t seed = 1;
  for_each_type(detector::verified_implementations{}, [&]<class T>() {
    if (!v.selected(T::name)) return;
    if constexpr (detector::Detector<T>) {
      if (!seeded) {
        seed = verify::seed_from_env().value_or(1);
        std::printf("detector traces: seed %llu (replay with GAUNTLET_SEED=%llu)\n",
                    static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
        seeded = true;
      }
      v.record<T>("recovers-after-slowness", detector::checks::recovers_after_slowness<T>());
      v.record<T>("detects-crash", detector::checks::detects_crash<T>());
      v.record<T>("trusts-steady-node", detector::checks::trusts_steady_node<T>(seed));
      v.record<T>("replays-from-seed", detector::checks::replays_from_seed<T>(seed));
      if constexpr (std::is_same_v<T, detector::PhiLifeguardDetector>)
        v.record<T>("observer-stall-tolerated", detector::checks::observer_stall_tolerated());
    } else {
      v.record<T>("stress-record-exact", detector::checks::stress_record_exact<T>(rounds));
    }
  });
  return v.finish_known(detector::implementations{});
}
