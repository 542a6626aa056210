#pragma once
// A RawHistory given a model's types.
#include <cstddef>
#include <vector>

#include "verify/lincheck/history.hpp"
#include "verify/lincheck/raw_history.hpp"

namespace gauntlet::lincheck {

template <class Model>
struct TypedHistory {
  std::vector<Operation<typename Model::Input, typename Model::Output>> ops;
  std::vector<std::size_t> raw_index;  // ops[i] came from raw.operations[raw_index[i]]
};

// Operations the model drops (a :fail that did not take effect) are left out.
// Throws HistoryError (with the line) on values the model cannot read.
template <class Model>
TypedHistory<Model> to_typed(const RawHistory& raw, const Model& model) {
  TypedHistory<Model> typed;
  for (std::size_t i = 0; i < raw.operations.size(); ++i) {
    if (auto op = model.from_raw(raw.operations[i])) {
      typed.ops.push_back(std::move(*op));
      typed.raw_index.push_back(i);
    }
  }
  return typed;
}

// The model a history's header configures (the bank's balances), or the default one.
template <class Model>
Model configured_model(const RawHistory& raw) {
  if constexpr (requires { Model::configure(raw.init); })
    return Model::configure(raw.init);
  else {
    if (!raw.init.is_null()) throw HistoryError(std::string(Model::name) + " takes no \"init\" configuration");
    return Model{};
  }
}

}  // namespace gauntlet::lincheck
