#pragma once
// A queue that promises no order, as Knossos's unordered-queue: a dequeue
// returns any value enqueued and not yet dequeued (a multiset), or nil when
// there is none.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/lincheck/model.hpp"
#include "verify/lincheck/models/enqueue_dequeue.hpp"

namespace gauntlet::lincheck::models {

struct UnorderedQueue : EnqueueDequeue<UnorderedQueue> {
  static constexpr std::string_view name = "unordered-queue";
  static constexpr std::string_view operations = "enqueue(v), dequeue -> any value in the queue | null (empty)";
  static constexpr std::string_view brackets = "{}";  // the state, sorted: equal multisets are equal states

  Next<State> step(const State& s, const Input& in, const Output& out) const {
    if (in.enqueue) return added(s, in.value);
    if (out.empty) return s.empty() ? Next<State>(s) : Next<State>();
    auto it = std::lower_bound(s.begin(), s.end(), out.value);
    if (it == s.end() || *it != out.value) return {};
    State next = s;
    next.erase(next.begin() + (it - s.begin()));
    return next;
  }
  // A dequeue of an unknown value may have taken any one of them.
  Next<State> step_indeterminate(const State& s, const Input& in) const {
    if (in.enqueue) return added(s, in.value);
    if (s.empty()) return s;
    Next<State> next;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i > 0 && s[i] == s[i - 1]) continue;  // the same multiset again
      State t = s;
      t.erase(t.begin() + static_cast<std::ptrdiff_t>(i));
      next.push(std::move(t));
    }
    return next;
  }

 private:
  static State added(State s, std::int64_t v) {
    s.insert(std::upper_bound(s.begin(), s.end(), v), v);
    return s;
  }
};

}  // namespace gauntlet::lincheck::models
