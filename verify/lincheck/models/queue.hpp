#pragma once
// A FIFO queue of integers: enqueue(v), dequeue -> value or empty.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/lincheck/model.hpp"
#include "verify/lincheck/models/enqueue_dequeue.hpp"

namespace gauntlet::lincheck::models {

struct Queue : EnqueueDequeue<Queue> {
  static constexpr std::string_view name = "queue";
  static constexpr std::string_view operations = "enqueue(v), dequeue -> value | null (empty)";
  static constexpr std::string_view brackets = "[]";  // the state, front first

  Next<State> step(const State& s, const Input& in, const Output& out) const {
    if (in.enqueue) return pushed(s, in.value);
    if (out.empty) return s.empty() ? Next<State>(s) : Next<State>();
    if (s.empty() || s.front() != out.value) return {};
    return State(s.begin() + 1, s.end());
  }
  Next<State> step_indeterminate(const State& s, const Input& in) const {
    if (in.enqueue) return pushed(s, in.value);
    return s.empty() ? s : State(s.begin() + 1, s.end());
  }

 private:
  static State pushed(State s, std::int64_t v) {
    s.push_back(v);
    return s;
  }
};

}  // namespace gauntlet::lincheck::models
