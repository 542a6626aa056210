#pragma once
// The model's lookahead: rejecting a configuration as soon as an operation
// that must still be linearized can no longer fit, instead of finding out at
// its return, after every order of the operations before it has been tried.
//
// A model opts in with a predicate out_of_reach(s, o) that implies o does
// not fit in s, and says which operations keep it true: j keeps o out of
// reach when out_of_reach(x, o) implies out_of_reach(y, o) for every state x
// and every successor y of j from x. (A kv read of v is out of reach while
// the value is not a prefix of v; appends keep it so.)
//   out_of_reach(s, in, out)
//   never_enables(in, out, indeterminate): the operation keeps every
//       operation out of reach;
//   may_enable(j..., o...) (optional; true when absent): false only when j
//       keeps o out of reach (a put of a value that is no prefix of o's).
// Without the first two nothing is ruled out and the search is unchanged.
//
// Soundness. Let o be determinate and not yet linearized in configuration
// (S, s), with out_of_reach(s, o), and let every operation that a completion
// may place before o (not in S, other than o, called no later than o
// returns) keep o out of reach. Any completion of (S, s) contains o, and by
// induction over the operations it places before o, o is still out of reach
// where it takes effect: it does not fit. So (S, s) fails. Indeterminate
// operations are never o (they need not take effect), but may come before it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "verify/lincheck/history.hpp"

namespace gauntlet::lincheck::detail {

template <class M>
concept HasLookahead = requires(const M m, const typename M::State s, const typename M::Input in,
                                const typename M::Output out) {
  { m.never_enables(in, out, true) } -> std::convertible_to<bool>;
  { m.out_of_reach(s, in, out) } -> std::convertible_to<bool>;
};

template <class M>
concept HasMayEnable = requires(const M m, const typename M::Input in, const typename M::Output out) {
  { m.may_enable(in, out, true, in, out) } -> std::convertible_to<bool>;
};

template <class Model>
class Lookahead {
 public:
  using Op = Operation<typename Model::Input, typename Model::Output>;

  // `enabled` false: rules nothing out (the plain search, for comparison).
  Lookahead(const Model& model, const std::vector<Op>& history, const std::vector<std::size_t>& ids, bool enabled)
      : model_(model), history_(history), ids_(ids), enabled_(enabled) {
    if constexpr (HasLookahead<Model>) {
      enabling_.reserve(ids.size());
      for (std::uint32_t i = 0; i < ids.size(); ++i) {
        const Op& op = history[ids[i]];
        if (!model.never_enables(op.input, op.output, op.indeterminate)) enabling_.push_back(i);
      }
      std::sort(enabling_.begin(), enabling_.end(),
                [&](std::uint32_t a, std::uint32_t b) { return history[ids[a]].call < history[ids[b]].call; });
    }
  }

  // True when the configuration (linearized set, state) fails because the
  // determinate operation `op` (a partition index) can no longer fit.
  // `linearized(i)` says whether operation i is in the set.
  template <class IsLinearized>
  bool rules_out(std::uint32_t op, const typename Model::State& state, IsLinearized&& linearized) const {
    if constexpr (HasLookahead<Model>) {
      const Op& o = history_[ids_[op]];
      if (!enabled_ || o.indeterminate || !model_.out_of_reach(state, o.input, o.output)) return false;
      // An operation that may come before o and bring it back within reach
      // lets the configuration live (the header comment).
      for (std::uint32_t b : enabling_) {
        const Op& j = history_[ids_[b]];
        if (j.call > o.ret) break;
        if (b != op && !linearized(b) && may_enable(j, o)) return false;
      }
      return true;
    } else {
      (void)op, (void)state, (void)linearized;
      return false;
    }
  }

 private:
  bool may_enable(const Op& j, const Op& o) const {
    if constexpr (HasMayEnable<Model>)
      return model_.may_enable(j.input, j.output, j.indeterminate, o.input, o.output);
    else
      return true;
  }

  const Model& model_;
  const std::vector<Op>& history_;
  const std::vector<std::size_t>& ids_;
  bool enabled_;
  std::vector<std::uint32_t> enabling_;  // the operations that are not never_enables, by call time
};

}  // namespace gauntlet::lincheck::detail
