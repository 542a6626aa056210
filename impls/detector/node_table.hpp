#pragma once
// NodeTable<State>: per-node state of a single-threaded detector, grown on a
// node's first heartbeat. A node never heard from is not monitored: trusted.
#include <cstddef>
#include <vector>

#include "impls/detector/interface.hpp"

namespace gauntlet::detector {

template <class State>
class NodeTable {
 public:
  State& at(node_id n) {
    if (n >= states_.size()) states_.resize(std::size_t{n} + 1);
    return states_[n];
  }
  const State* find(node_id n) const { return n < states_.size() && states_[n].seen ? &states_[n] : nullptr; }
  std::vector<State>& all() { return states_; }

 private:
  std::vector<State> states_;
};

}  // namespace gauntlet::detector
