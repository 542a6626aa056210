// Every counter set on real threads (over the family list, or in an adopt
// build the adopted class alone): the sum after the joins is exact, a
// concurrent sum never goes down, and the constructor refuses zero threads.
// Bounded: sum_stress.hpp's start gate has a deadline; the writers' loops are finite.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "impls/layout/family.hpp"
#include "verify/layout/sum_stress.hpp"

namespace gauntlet::layout {
namespace {

TEMPLATE_LIST_TEST_CASE("the sum after every writer has finished is exact", "[layout][stress]",
                        verified_implementations) {
  for (unsigned threads : {1u, 2u, 4u}) {
    auto r = test::stress_sum<TestType>(threads, threads, 50000);
    INFO(TestType::name << " with " << threads << " threads");
    CHECK(r.got == r.expected);
    CHECK(r.monotone);
  }
}

TEMPLATE_LIST_TEST_CASE("single-threaded counts and cells", "[layout][contract]", verified_implementations) {
  TestType c(3);
  CHECK(c.threads() == 3u);
  CHECK(c.sum() == 0u);
  c.increment(0);
  c.increment(2);
  c.increment(2);
  CHECK(c.sum() == 3u);
  CHECK(c.cell(0) != c.cell(2));
  CHECK_THROWS_AS(TestType(0), std::invalid_argument);
}

}  // namespace
}  // namespace gauntlet::layout
