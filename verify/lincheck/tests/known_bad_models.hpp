#pragma once
// Deliberately wrong models: the differential comparison must catch them,
// which shows it has teeth.
#include "lincheck/models/cas_register.hpp"

namespace gauntlet::lincheck::testing {

// Accepts a failed cas in any state: the classic modelling slip of treating
// :fail as "did nothing" without checking that the register did not hold old.
struct LaxCasRegister : models::CasRegister {
  Next<State> step(const State& s, const Input& in, const Output& out) const {
    if (in.kind == Kind::cas && !out.ok) return s;
    return CasRegister::step(s, in, out);
  }
};

}  // namespace gauntlet::lincheck::testing
