#pragma once
// Deliberately wrong models: the differential comparison must catch them,
// which shows it has teeth.
#include "verify/lincheck/models/cas_register.hpp"
#include "verify/lincheck/models/kv.hpp"
#include "verify/lincheck/models/multi_register.hpp"
#include "verify/lincheck/models/mutex.hpp"
#include "verify/lincheck/models/unordered_queue.hpp"

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

// Lets an acquire take a lock that is held: two holders at once go unseen.
struct ReentrantMutex : models::Mutex {
  Next<State> step(const State& held, const Input& in, const Output& out) const {
    if (in.acquire) return State{1};
    return Mutex::step(held, in, out);
  }
};

// Reads see the state before the transaction, not the writes before them in it.
struct SnapshotReadMultiRegister : models::MultiRegister {
  Next<State> step(const State& s, const Input& in, const Output& out) const {
    if (out.values.size() != in.ops.size()) return {};
    Input reads;
    for (const auto& m : in.ops)
      if (!m.write) reads.ops.push_back(m);
    Output seen;
    for (std::size_t i = 0; i < in.ops.size(); ++i)
      if (!in.ops[i].write) seen.values.push_back(out.values[i]);
    if (MultiRegister::step(s, reads, seen).empty()) return {};
    return step_indeterminate(s, in);
  }
};

// Dequeues only the smallest value, as if the queue were a priority queue.
struct SmallestFirstQueue : models::UnorderedQueue {
  Next<State> step(const State& s, const Input& in, const Output& out) const {
    if (!in.enqueue && !out.empty && (s.empty() || s.front() != out.value)) return {};
    return UnorderedQueue::step(s, in, out);
  }
};

}  // namespace gauntlet::lincheck::testing
