// Stress verifier: the per-block owner check (owner_check.hpp) under real
// threads, for every in-process pool of ours and glibc malloc.
//
//   stress-owner             4 threads trading blocks of every class; a block
//                            found with another holder's stamp is a block
//                            handed out twice.
//   stress-owner-past-slots  the same, from threads whose thread_slot() is at
//                            or past the magazine pool's max_slots (for the
//                            first implementation checked, the first of them
//                            exactly at it: `--only IMPL`, as the mutation
//                            engine runs it, makes that IMPL): a pool with per-slot
//                            caches serves them from its shared path, which no
//                            other check reaches (a test process has a few
//                            dozen threads, not 256).
//
// The known-bad free lists are left to Relacy: under real threads their ABA
// corrupts the list and may crash rather than report.
// Depth: ci 200,000 operations per thread (past slots: a quarter); full
// 2,000,000. Seeded (GAUNTLET_SEED).
#include <string>
#include <thread>

#include "impls/pool/family.hpp"
#include "verify/common/seed.hpp"
#include "verify/common/verdict.hpp"
#include "verify/pool/owner_check.hpp"

namespace {

// Spends thread slots (they are never reused) on short-lived threads until the
// next thread made gets slot `first`, or a later one if the count is past it.
// Bounded: at most `first` threads.
void spend_slots_until(unsigned first) {
  for (unsigned i = 0; i < first; ++i) {
    unsigned got = 0;
    std::thread([&] { got = gauntlet::thread_slot(); }).join();
    if (got + 1 >= first) return;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gauntlet;
  verify::Verifier v(std::string(pool::family_name), argc, argv);
  const std::uint64_t seed = verify::announce_seed("stress_pool");
  const int rounds = v.full() ? 2000000 : 200000;
  auto owner_rows = [&]<class P>(const char* check, int ops_per_thread) {
    P p;
    const auto r = pool::test::owner_check(p, 4, ops_per_thread, seed);
    verify::CheckResult c;
    c.violated = r.violations != 0;
    c.iterations = static_cast<std::uint64_t>(r.ops);
    c.seed = seed;
    if (c.violated) c.message = std::to_string(r.violations) + " blocks found stamped by another holder";
    v.record<P>(check, c);
  };
  for_each_type(pool::verified_in_process{}, [&]<class P>() {
    if constexpr (P::kind != Kind::known_bad)
      if (v.selected(P::name)) owner_rows.template operator()<P>("stress-owner", rounds);
  });
  // Every implementation's past-slots row after every stress-owner row: the
  // slots spent here are spent for the rest of the process.
  for_each_type(pool::verified_in_process{}, [&]<class P>() {
    if constexpr (P::kind != Kind::known_bad)
      if (v.selected(P::name)) {
        spend_slots_until(pool::MagazinePool::max_slots);
        owner_rows.template operator()<P>("stress-owner-past-slots", rounds / 4);
      }
  });
  // --only a peer that runs in its own binary: nothing to check here, no error.
  return v.finish_known(pool::implementations{});
}
