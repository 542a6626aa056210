// Stress verifier: the per-block owner check (owner_check.hpp) under real
// threads, for every in-process pool of ours and glibc malloc.
//
//   stress-owner   4 threads trading blocks of every class; a block found
//                  with another holder's stamp is a block handed out twice.
//
// The known-bad free lists are left to Relacy: under real threads their ABA
// corrupts the list and may crash rather than report.
// Depth: ci 200,000 operations per thread; full 2,000,000. Seeded (GAUNTLET_SEED).
#include <string>

#include "impls/pool/family.hpp"
#include "verify/common/seed.hpp"
#include "verify/common/verdict.hpp"
#include "verify/pool/owner_check.hpp"

int main(int argc, char** argv) {
  using namespace gauntlet;
  verify::Verifier v(std::string(pool::family_name), argc, argv);
  const std::uint64_t seed = verify::announce_seed("stress_pool");
  const int rounds = v.full() ? 2000000 : 200000;
  for_each_type(pool::verified_in_process{}, [&]<class P>() {
    if (!v.selected(P::name)) return;
    if constexpr (P::kind != Kind::known_bad) {
      P p;
      auto r = pool::test::owner_check(p, 4, rounds, seed);
      verify::CheckResult c;
      c.violated = r.violations != 0;
      c.iterations = static_cast<std::uint64_t>(r.ops);
      c.seed = seed;
      if (c.violated) c.message = std::to_string(r.violations) + " blocks found stamped by another holder";
      v.record<P>("stress-owner", c);
    }
  });
  // --only a peer that runs in its own binary: nothing to check here, no error.
  return v.finish_known(pool::implementations{});
}
