#pragma once
// Histories: what a concurrent run did, as operations or as a time-ordered
// stream of call and return events.
//
// An operation is indeterminate when it never returned or returned without a
// known outcome (Jepsen `:info`, a timeout): it may take effect at any time
// after its call, or not at all, and its output is ignored.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace gauntlet::lincheck {

// Return time of an operation that never returned.
inline constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();

template <class In, class Out>
struct Operation {
  int client = 0;
  In input{};
  Out output{};
  std::int64_t call = 0;
  std::int64_t ret = never;
  bool indeterminate = false;
};

// Bad input: a history that cannot be checked (returns without calls, a
// client calling twice without returning, a value the model cannot read).
// `line` is the 1-based line of the source file where known, else 0.
struct HistoryError : std::runtime_error {
  int line = 0;
  HistoryError(const std::string& what, int line_ = 0) : std::runtime_error(what), line(line_) {}
};

enum class EventKind { call, ret };

// One event of the stream form. A call carries the input; a return carries the
// output (or indeterminate = true). Events pair per client: each client has
// at most one call outstanding, and a return completes that client's call.
template <class In, class Out>
struct Event {
  EventKind kind = EventKind::call;
  int client = 0;
  In input{};
  Out output{};
  bool indeterminate = false;
};

// Events in time order -> operations (times are the event indices). A call
// without a return becomes indeterminate. Throws HistoryError on a return
// with no outstanding call, or a second call before the first returned.
template <class In, class Out>
std::vector<Operation<In, Out>> to_operations(const std::vector<Event<In, Out>>& events) {
  std::vector<Operation<In, Out>> ops;
  std::unordered_map<int, std::size_t> open;  // client -> index in ops
  for (std::size_t t = 0; t < events.size(); ++t) {
    const auto& e = events[t];
    auto it = open.find(e.client);
    if (e.kind == EventKind::call) {
      if (it != open.end())
        throw HistoryError("client " + std::to_string(e.client) + " calls again before its call at event " +
                           std::to_string(ops[it->second].call) + " returned");
      open.emplace(e.client, ops.size());
      ops.push_back({e.client, e.input, Out{}, static_cast<std::int64_t>(t), never, true});
    } else {
      if (it == open.end())
        throw HistoryError("client " + std::to_string(e.client) + " returns with no call outstanding");
      auto& op = ops[it->second];
      op.ret = static_cast<std::int64_t>(t);
      op.output = e.output;
      op.indeterminate = e.indeterminate;
      open.erase(it);
    }
  }
  return ops;
}

// Operations -> events in time order; at equal times calls come first (the
// operations overlap). Indeterminate operations that never returned get no
// return event.
template <class In, class Out>
std::vector<Event<In, Out>> to_events(const std::vector<Operation<In, Out>>& ops);

// Checks the operation form: call <= ret, and one client's operations do not
// overlap. Throws HistoryError naming the operation.
template <class In, class Out>
void validate(const std::vector<Operation<In, Out>>& ops);

}  // namespace gauntlet::lincheck

#include "verify/lincheck/detail/history_impl.hpp"
