#pragma once
// A counter starting at 0: add(d), get -> value, fetch_add(d) -> value before.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "verify/lincheck/history.hpp"
#include "verify/lincheck/model.hpp"
#include "verify/lincheck/models/raw_support.hpp"

namespace gauntlet::lincheck::models {

struct Counter {
  static constexpr std::string_view name = "counter";
  static constexpr std::string_view operations = "add(d), get -> value, fetch_add(d) -> value before   (starts at 0)";

  using State = std::int64_t;
  enum class Kind : std::uint8_t { add, get, fetch_add };
  struct Input {
    Kind kind = Kind::get;
    std::int64_t delta = 0;
  };
  struct Output {
    std::int64_t value = 0;
  };
  using Op = Operation<Input, Output>;

  State init() const { return 0; }
  Next<State> step(const State& s, const Input& in, const Output& out) const {
    switch (in.kind) {
      case Kind::add:
        return s + in.delta;
      case Kind::get:
        return s == out.value ? Next<State>(s) : Next<State>();
      case Kind::fetch_add:
        return s == out.value ? Next<State>(s + in.delta) : Next<State>();
    }
    return {};
  }
  Next<State> step_indeterminate(const State& s, const Input& in) const {
    return in.kind == Kind::get ? s : s + in.delta;
  }
  // Never changes the state when it fits (the search takes it without branching).
  bool read_only(const Input& in, const Output&, bool) const { return in.kind == Kind::get; }
  // The lookahead (detail/lookahead.hpp): a read of v is out of reach above
  // v, and adding d >= 0 never lowers the value.
  bool out_of_reach(const State& s, const Input& in, const Output& out) const {
    return in.kind != Kind::add && s > out.value;
  }
  bool never_enables(const Input& in, const Output&, bool) const { return in.kind == Kind::get || in.delta >= 0; }
  std::size_t hash(const State& s) const { return mix64(static_cast<std::uint64_t>(s)); }

  std::string describe_operation(const Input& in, const Output& out, bool indeterminate) const {
    std::string result = indeterminate ? "?" : std::to_string(out.value);
    switch (in.kind) {
      case Kind::add:
        return "add(" + std::to_string(in.delta) + ")" + (indeterminate ? " -> ?" : "");
      case Kind::get:
        return "get() -> " + result;
      case Kind::fetch_add:
        return "fetch_add(" + std::to_string(in.delta) + ") -> " + result;
    }
    return "?";
  }
  std::string describe_state(const State& s) const { return std::to_string(s); }

  std::optional<Op> from_raw(const RawOperation& r) const {
    Op op = typed_frame<Op>(r);
    if (r.status == Status::fail) return std::nullopt;
    if (r.f == "add")
      op.input = {Kind::add, raw_int(r, r.input, "delta", r.call_line)};
    else if (r.f == "get")
      op.input = {Kind::get, 0};
    else if (r.f == "fetch_add")
      op.input = {Kind::fetch_add, raw_int(r, r.input, "delta", r.call_line)};
    else
      bad_value(r, "not an operation of counter (add, get, fetch_add)");
    if (op.input.kind != Kind::add && r.status == Status::ok)
      op.output.value = raw_int(r, r.output, "result", r.ret_line);
    return op;
  }
  RawOperation to_raw(const Op& op) const {
    static constexpr const char* names[] = {"add", "get", "fetch_add"};
    auto r = raw_frame(op, names[static_cast<int>(op.input.kind)]);
    if (op.input.kind != Kind::get) r.input = op.input.delta;
    if (op.input.kind != Kind::add && !op.indeterminate) r.output = op.output.value;
    return r;
  }
};

}  // namespace gauntlet::lincheck::models
