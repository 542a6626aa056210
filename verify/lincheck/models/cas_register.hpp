#pragma once
// The compare-and-set register of Jepsen's etcd test: read, write, cas; the
// register starts absent (a read returns nil until the first write).
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "verify/lincheck/history.hpp"
#include "verify/lincheck/model.hpp"
#include "verify/lincheck/models/raw_support.hpp"

namespace gauntlet::lincheck::models {

struct CasRegister {
  static constexpr std::string_view name = "cas-register";
  static constexpr std::string_view operations =
      "read -> value|nil, write(v), cas([old new]) -> ok   (starts absent or at --initial-value)";

  // The register's value; `absent` before the first write.
  using State = std::int64_t;
  static constexpr State absent = std::numeric_limits<std::int64_t>::min();

  enum class Kind : std::uint8_t { read, write, cas };
  struct Input {
    Kind kind = Kind::read;
    std::int64_t a = 0;  // write: the value; cas: old
    std::int64_t b = 0;  // cas: new
  };
  struct Output {
    std::int64_t value = absent;  // read: the value read
    bool ok = true;               // cas: swapped
  };
  using Op = Operation<Input, Output>;

  // The reading options (reading.hpp): where the register starts (nil:
  // absent), and whether an :ok read of nil is a read of an unknown value (dropped).
  State initial = absent;
  bool nil_unknown = false;
  void set_initial(const nlohmann::json& v) {
    if (!v.is_null() && !v.is_number_integer())
      throw HistoryError("cas-register: the initial value must be an integer or nil, not " + to_text(v));
    initial = v.is_null() ? absent : v.get<std::int64_t>();
  }

  State init() const { return initial; }

  Next<State> step(const State& s, const Input& in, const Output& out) const {
    switch (in.kind) {
      case Kind::read:
        return s == out.value ? Next<State>(s) : Next<State>();
      case Kind::write:
        return in.a;
      case Kind::cas:
        if (out.ok) return s == in.a ? Next<State>(in.b) : Next<State>();
        return s != in.a ? Next<State>(s) : Next<State>();
    }
    return {};
  }

  Next<State> step_indeterminate(const State& s, const Input& in) const {
    switch (in.kind) {
      case Kind::read:
        return s;
      case Kind::write:
        return in.a;
      case Kind::cas:
        return s == in.a ? in.b : s;
    }
    return {};
  }

  // Never changes the state when it fits (the search takes it without branching).
  bool read_only(const Input& in, const Output& out, bool indeterminate) const {
    return in.kind == Kind::read || (in.kind == Kind::cas && !indeterminate && !out.ok);
  }
  std::size_t hash(const State& s) const { return mix64(static_cast<std::uint64_t>(s)); }

  static std::string show(std::int64_t v) { return v == absent ? "nil" : std::to_string(v); }

  std::string describe_operation(const Input& in, const Output& out, bool indeterminate) const {
    switch (in.kind) {
      case Kind::read:
        return "read() -> " + (indeterminate ? std::string("?") : show(out.value));
      case Kind::write:
        return "write(" + show(in.a) + ")" + (indeterminate ? " -> ?" : "");
      case Kind::cas:
        return "cas(" + show(in.a) + ", " + show(in.b) + ") -> " + (indeterminate ? "?" : out.ok ? "ok" : "fail");
    }
    return "?";
  }
  std::string describe_state(const State& s) const { return show(s); }

  // A failed read never happened (Jepsen's `:fail :read :timed-out`): dropped.
  std::optional<Op> from_raw(const RawOperation& r) const {
    Op op = typed_frame<Op>(r);
    auto value = [&](const nlohmann::json& v, const char* what, int line) {
      return v.is_null() ? absent : raw_int(r, v, what, line);
    };
    if (r.f == "read") {
      if (r.status == Status::fail) return std::nullopt;
      op.input.kind = Kind::read;
      if (r.status == Status::ok && r.output.is_null() && nil_unknown) return std::nullopt;  // constrains nothing
      if (r.status == Status::ok) op.output.value = value(r.output, "value read", r.ret_line);
    } else if (r.f == "write") {
      if (r.status == Status::fail) return std::nullopt;
      op.input = {Kind::write, value(r.input, "value to write", r.call_line), 0};
    } else if (r.f == "cas") {
      if (!r.input.is_array() || r.input.size() != 2) bad_value(r, "expected [old new], got " + to_text(r.input));
      op.input = {Kind::cas, value(r.input[0], "old value", r.call_line), value(r.input[1], "new value", r.call_line)};
      op.output.ok = r.status != Status::fail;
    } else {
      bad_value(r, "not an operation of cas-register (read, write, cas)");
    }
    return op;
  }

  RawOperation to_raw(const Op& op) const {
    auto j = [](std::int64_t v) { return v == absent ? nlohmann::json() : nlohmann::json(v); };
    switch (op.input.kind) {
      case Kind::read: {
        auto r = raw_frame(op, "read");
        if (!op.indeterminate) r.output = j(op.output.value);
        return r;
      }
      case Kind::write: {
        auto r = raw_frame(op, "write");
        r.input = r.output = j(op.input.a);
        return r;
      }
      case Kind::cas: {
        auto r = raw_frame(op, "cas");
        r.input = r.output = nlohmann::json::array({j(op.input.a), j(op.input.b)});
        if (!op.indeterminate && !op.output.ok) r.status = Status::fail;
        return r;
      }
    }
    return raw_frame(op, "?");
  }
};

}  // namespace gauntlet::lincheck::models
