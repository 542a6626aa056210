// Layout verifier for every implementation of the family (normal build).
//
//   layout-check      the implementation's record (T::layout()) judged by the
//                     layout check (impls/layout/layout_check.hpp) at the line
//                     size it claims (T::separation): fields of different
//                     owners never share a line, nothing straddles, every
//                     array element starts a line. Violated on any finding;
//                     the message is the first finding.
//   layout-placement  a real instance for 8 threads: the bytes each thread
//                     writes (T::cell) lie on lines, of T::separation bytes,
//                     that no other thread writes.
//   stress-sum-exact  threads writers of rounds increments each on real
//                     threads, a reader summing concurrently: the concurrent
//                     sums never go down nor past the total, and the sum after
//                     the joins is exact.
//
// The seed's record fails layout-check (coldData straddles, sizeof 240,
// alignof 8); its writers' cells do not share 64-byte lines, so
// layout-placement passes it. Packed counters fail both.
//
// Depth: --depth ci runs 4 writers x 100,000 increments; full 4 x 2,000,000.
#include <cstdint>
#include <set>
#include <string>

#include "impls/layout/family.hpp"
#include "verify/common/verdict.hpp"
#include "verify/layout/sum_stress.hpp"

namespace gauntlet::layout {
namespace {

template <class C>
verify::CheckResult layout_check() {
  verify::CheckResult r;
  r.iterations = 1;
  constexpr auto l = C::layout();
  auto findings = explain(l, C::separation);
  r.violated = !findings.empty();
  if (r.violated)
    r.message = findings.front() + (findings.size() > 1 ? " (+" + std::to_string(findings.size() - 1) + " more)" : "");
  r.details["findings"] = findings;
  return r;
}

template <class C>
verify::CheckResult placement() {
  verify::CheckResult r;
  constexpr unsigned threads = 8;
  C c(threads);
  r.iterations = threads;
  for (unsigned i = 0; i < threads && !r.violated; ++i) {
    const auto a = reinterpret_cast<std::uintptr_t>(c.cell(i));
    for (unsigned j = 0; j < threads; ++j) {
      if (j == i) continue;
      const auto b = reinterpret_cast<std::uintptr_t>(c.cell(j));
      const std::uintptr_t lo_a = a / C::separation, hi_a = (a + counter_bytes - 1) / C::separation;
      const std::uintptr_t lo_b = b / C::separation, hi_b = (b + counter_bytes - 1) / C::separation;
      if (lo_a <= hi_b && lo_b <= hi_a) {
        r.violated = true;
        r.message = "threads " + std::to_string(i) + " and " + std::to_string(j) + " write the same " +
                    std::to_string(C::separation) + "-byte line (cells " + std::to_string(a % 4096) + " and " +
                    std::to_string(b % 4096) + " mod 4096)";
        break;
      }
    }
  }
  return r;
}

template <class C>
verify::CheckResult sum_exact(std::uint64_t rounds) {
  verify::CheckResult r;
  constexpr unsigned threads = 4;
  auto s = test::stress_sum<C>(threads, threads, rounds);
  r.iterations = s.expected;
  if (s.got != s.expected) {
    r.violated = true;
    r.message = "sum " + std::to_string(s.got) + " after the joins, expected " + std::to_string(s.expected);
  } else if (!s.monotone) {
    r.violated = true;
    r.message = "a concurrent sum() went down or past the total";
  }
  return r;
}

}  // namespace
}  // namespace gauntlet::layout

int main(int argc, char** argv) {
  using namespace gauntlet;
  verify::Verifier v(std::string(layout::family_name), argc, argv);
  const std::uint64_t rounds = v.full() ? 2000000 : 100000;
  for_each_type(layout::verified_implementations{}, [&]<class C>() {
    if (!v.selected(C::name)) return;
    v.record<C>("layout-check", layout::layout_check<C>());
    v.record<C>("layout-placement", layout::placement<C>());
    v.record<C>("stress-sum-exact", layout::sum_exact<C>(rounds));
  });
  return v.finish_known(layout::implementations{});
}
