#pragma once
// The obviously correct checker the search is compared with: try every order
// of the operations that respects real time, for every choice of which
// indeterminate operations took effect. Exponential; for histories of ~8.
#include <cstddef>
#include <vector>

#include "verify/lincheck/history.hpp"

namespace gauntlet::lincheck::testing {

template <class Model>
class BruteForce {
 public:
  using Op = Operation<typename Model::Input, typename Model::Output>;

  BruteForce(const Model& model, const std::vector<Op>& ops) : model_(model), ops_(ops) {}

  bool linearizable() {
    std::vector<std::size_t> maybe;
    for (std::size_t i = 0; i < ops_.size(); ++i)
      if (ops_[i].indeterminate) maybe.push_back(i);
    for (std::size_t mask = 0; mask < (std::size_t{1} << maybe.size()); ++mask) {
      included_.assign(ops_.size(), true);
      for (std::size_t k = 0; k < maybe.size(); ++k) included_[maybe[k]] = (mask >> k) & 1;
      placed_.assign(ops_.size(), false);
      if (extend(model_.init())) return true;
    }
    return false;
  }

 private:
  // a must come before b: a returned before b was called.
  bool precedes(std::size_t a, std::size_t b) const { return !ops_[a].indeterminate && ops_[a].ret < ops_[b].call; }

  bool extend(const typename Model::State& state) {
    bool all = true;
    for (std::size_t i = 0; i < ops_.size(); ++i) {
      if (!included_[i] || placed_[i]) continue;
      all = false;
      bool ready = true;
      for (std::size_t j = 0; j < ops_.size() && ready; ++j)
        if (j != i && included_[j] && !placed_[j] && precedes(j, i)) ready = false;
      if (!ready) continue;
      const auto& op = ops_[i];
      auto next =
          op.indeterminate ? model_.step_indeterminate(state, op.input) : model_.step(state, op.input, op.output);
      placed_[i] = true;
      for (const auto& s : next)
        if (extend(s)) return true;
      placed_[i] = false;
    }
    return all;
  }

  const Model& model_;
  const std::vector<Op>& ops_;
  std::vector<bool> included_, placed_;
};

}  // namespace gauntlet::lincheck::testing
