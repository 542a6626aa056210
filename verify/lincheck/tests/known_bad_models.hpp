#pragma once
// Deliberately wrong models: the differential comparison must catch them,
// which shows it has teeth.
#include "verify/lincheck/models/cas_register.hpp"
#include "verify/lincheck/models/kv.hpp"

namespace gauntlet::lincheck::testing {

// Accepts a failed cas in any state: the classic modelling slip of treating
// :fail as "did nothing" without checking that the register did not hold old.
struct LaxCasRegister : models::CasRegister {
  Next<State> step(const State& s, const Input& in, const Output& out) const {
    if (in.kind == Kind::cas && !out.ok) return s;
    return CasRegister::step(s, in, out);
  }
};

// A lookahead that forgets puts: a read whose value the appends have passed
// is given up even while a put could still start the value afresh.
struct PutBlindKv : models::Kv {
  bool may_enable(const Input&, const Output&, bool, const Input&, const Output&) const { return false; }
};

}  // namespace gauntlet::lincheck::testing
