#pragma once
// What the queue models share (queue: FIFO; unordered-queue: a multiset):
// the operations enqueue(v) and dequeue -> value or empty, their reading
// from and writing to raw histories, their descriptions, and a state that is
// a vector of integers. Derived supplies name, step, step_indeterminate and
// the brackets describe_state draws around the state ("[]" or "{}").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/lincheck/history.hpp"
#include "verify/lincheck/model.hpp"
#include "verify/lincheck/models/raw_support.hpp"

namespace gauntlet::lincheck::models {

template <class Derived>
struct EnqueueDequeue {
  using State = std::vector<std::int64_t>;
  struct Input {
    bool enqueue = false;
    std::int64_t value = 0;
  };
  struct Output {
    bool empty = false;  // dequeue found the queue empty
    std::int64_t value = 0;
  };
  using Op = Operation<Input, Output>;

  State init() const { return {}; }
  // Never changes the state when it fits (the search takes it without branching).
  bool read_only(const Input& in, const Output& out, bool indeterminate) const {
    return !in.enqueue && !indeterminate && out.empty;
  }
  std::size_t heap_bytes(const State& s) const { return s.capacity() * sizeof(std::int64_t); }
  std::size_t hash(const State& s) const {
    std::uint64_t h = s.size();
    for (auto v : s) h = hash_combine(h, static_cast<std::uint64_t>(v));
    return h;
  }

  std::string describe_operation(const Input& in, const Output& out, bool indeterminate) const {
    if (in.enqueue) return "enqueue(" + std::to_string(in.value) + ")" + (indeterminate ? " -> ?" : "");
    return "dequeue() -> " + (indeterminate ? std::string("?") : out.empty ? "empty" : std::to_string(out.value));
  }
  std::string describe_state(const State& s) const {
    std::string out(1, Derived::brackets[0]);
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? " " : "") + std::to_string(s[i]);
    return out + Derived::brackets[1];
  }

  std::optional<Op> from_raw(const RawOperation& r) const {
    Op op = typed_frame<Op>(r);
    if (r.status == Status::fail) return std::nullopt;
    if (r.f == "enqueue") {
      op.input = {true, raw_int(r, r.input, "value to enqueue", r.call_line)};
    } else if (r.f == "dequeue") {
      if (r.status == Status::ok) {
        op.output.empty = r.output.is_null();
        if (!op.output.empty) op.output.value = raw_int(r, r.output, "value dequeued", r.ret_line);
      }
    } else {
      bad_value(r, "not an operation of " + std::string(Derived::name) + " (enqueue, dequeue)");
    }
    return op;
  }
  RawOperation to_raw(const Op& op) const {
    auto r = raw_frame(op, op.input.enqueue ? "enqueue" : "dequeue");
    if (op.input.enqueue)
      r.input = op.input.value;
    else if (!op.indeterminate && !op.output.empty)
      r.output = op.output.value;
    return r;
  }
};

}  // namespace gauntlet::lincheck::models
