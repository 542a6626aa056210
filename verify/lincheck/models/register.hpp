#pragma once
// A read/write register of integers, starting at 0 (or `initial`).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "verify/lincheck/history.hpp"
#include "verify/lincheck/model.hpp"
#include "verify/lincheck/models/raw_support.hpp"

namespace gauntlet::lincheck::models {

struct Register {
  static constexpr std::string_view name = "register";
  static constexpr std::string_view operations = "read -> value, write(v)   (starts at 0 or --initial-value)";

  using State = std::int64_t;
  struct Input {
    bool write = false;
    std::int64_t value = 0;
  };
  struct Output {
    std::int64_t value = 0;  // read: the value read
  };
  using Op = Operation<Input, Output>;

  // The reading options (reading.hpp): where the register starts, and
  // whether an :ok read of nil is a read of an unknown value (dropped).
  State initial = 0;
  bool nil_unknown = false;
  void set_initial(const nlohmann::json& v) {
    if (!v.is_number_integer()) throw HistoryError("register: the initial value must be an integer, not " + to_text(v));
    initial = v.get<std::int64_t>();
  }

  State init() const { return initial; }
  Next<State> step(const State& s, const Input& in, const Output& out) const {
    if (in.write) return in.value;
    return s == out.value ? Next<State>(s) : Next<State>();
  }
  Next<State> step_indeterminate(const State& s, const Input& in) const { return in.write ? in.value : s; }
  // Never changes the state when it fits (the search takes it without branching).
  bool read_only(const Input& in, const Output&, bool) const { return !in.write; }
  std::size_t hash(const State& s) const { return mix64(static_cast<std::uint64_t>(s)); }

  std::string describe_operation(const Input& in, const Output& out, bool indeterminate) const {
    if (in.write) return "write(" + std::to_string(in.value) + ")" + (indeterminate ? " -> ?" : "");
    return "read() -> " + (indeterminate ? std::string("?") : std::to_string(out.value));
  }
  std::string describe_state(const State& s) const { return std::to_string(s); }

  std::optional<Op> from_raw(const RawOperation& r) const {
    Op op = typed_frame<Op>(r);
    if (r.status == Status::fail) return std::nullopt;  // did not take effect
    if (r.f == "read") {
      if (r.status == Status::ok && r.output.is_null() && nil_unknown) return std::nullopt;  // constrains nothing
      if (r.status == Status::ok) op.output.value = raw_int(r, r.output, "value read", r.ret_line);
    } else if (r.f == "write") {
      op.input = {true, raw_int(r, r.input, "value to write", r.call_line)};
    } else {
      bad_value(r, "not an operation of register (read, write)");
    }
    return op;
  }
  RawOperation to_raw(const Op& op) const {
    auto r = raw_frame(op, op.input.write ? "write" : "read");
    if (op.input.write)
      r.input = r.output = op.input.value;
    else if (!op.indeterminate)
      r.output = op.output.value;
    return r;
  }
};

}  // namespace gauntlet::lincheck::models
