#pragma once
// A history no search can finish: `n` overlapping writes of distinct values
// and reads of them, then a read of a value never written. Every subset of
// the overlapping operations is a configuration to rule out.
#include <vector>

#include "verify/lincheck/models/register.hpp"

namespace gauntlet::lincheck::testing {

inline std::vector<models::Register::Op> hopeless_history(int n) {
  std::vector<models::Register::Op> ops;
  for (int i = 0; i < n; ++i) {
    bool write = i % 2 == 0;
    ops.push_back({i, {write, write ? i + 1 : 0}, {write ? 0 : i}, 0, 100});
  }
  ops.push_back({n, {false, 0}, {-1}, 200, 300});
  return ops;
}

}  // namespace gauntlet::lincheck::testing
