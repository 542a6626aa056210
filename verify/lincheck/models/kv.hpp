#pragma once
// A key-value store of strings: get, put, append, cas; keys are independent,
// so the checker splits the history per key (P-compositionality).
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "verify/lincheck/history.hpp"
#include "verify/lincheck/model.hpp"
#include "verify/lincheck/models/kv_state.hpp"
#include "verify/lincheck/models/raw_support.hpp"

namespace gauntlet::lincheck::models {

struct Kv {
  static constexpr std::string_view name = "kv";
  static constexpr std::string_view operations =
      "get(key) -> value (\"\" when missing), put(key, v), append(key, v), cas(key, [old new]) -> ok   "
      "(partitioned per key)";

  using State = KvState;
  enum class Kind : std::uint8_t { get, put, append, cas };
  struct Input {
    Kind kind = Kind::get;
    std::string key;
    std::string value;  // put/append: the argument; cas: old
    std::string next;   // cas: new
  };
  struct Output {
    std::string value;  // get: the value read
    bool ok = true;     // cas: swapped
  };
  using Op = Operation<Input, Output>;

  State init() const { return {}; }

  Next<State> step(const State& s, const Input& in, const Output& out) const {
    const std::string_view current = s.get(in.key);
    switch (in.kind) {
      case Kind::get:
        return current == out.value ? Next<State>(s) : Next<State>();
      case Kind::cas:
        if (!out.ok) return current != in.value ? Next<State>(s) : Next<State>();
        return current == in.value ? Next<State>(s.put(in.key, in.next)) : Next<State>();
      default:
        return step_indeterminate(s, in);
    }
  }
  Next<State> step_indeterminate(const State& s, const Input& in) const {
    switch (in.kind) {
      case Kind::get:
        return s;
      case Kind::put:
        return s.put(in.key, in.value);
      case Kind::append:
        return s.append(in.key, in.value);
      case Kind::cas:
        return s.get(in.key) == in.value ? s.put(in.key, in.next) : s;
    }
    return {};
  }
  // Never changes the state when it fits (the search takes it without branching).
  bool read_only(const Input& in, const Output& out, bool indeterminate) const {
    return in.kind == Kind::get || (in.kind == Kind::cas && !indeterminate && !out.ok);
  }
  // Whether a read_only operation fits, without copying the state as step() does.
  bool fits(const State& s, const Input& in, const Output& out) const {
    const std::string_view current = s.get(in.key);
    return in.kind == Kind::get ? current == out.value : current != in.value;
  }
  // The lookahead (detail/lookahead.hpp). A read of v is out of reach while
  // the key's value is no prefix of v: appends only extend the value, and a
  // put (or a swapping cas) brings it back only when it writes a prefix of v.
  bool out_of_reach(const State& s, const Input& in, const Output& out) const { return beyond(s.get(in.key), in, out); }
  bool never_enables(const Input& in, const Output& out, bool indeterminate) const {
    return in.kind == Kind::get || in.kind == Kind::append || (in.kind == Kind::cas && !indeterminate && !out.ok);
  }
  bool may_enable(const Input& j, const Output&, bool, const Input& o, const Output& o_out) const {
    if (j.key != o.key) return false;  // o's key keeps its value
    // A put or cas sets the key to a known value (a cas that does not swap leaves it, which keeps o out of reach).
    return !beyond(j.kind == Kind::put ? j.value : j.next, o, o_out);
  }
  // Values are shared between states: an over-count, so the budget errs safe.
  std::size_t heap_bytes(const State& s) const { return s.heap_bytes(); }
  std::size_t hash(const State& s) const { return s.hash(); }

  const std::string& partition_key(const Input& in) const { return in.key; }

  std::string describe_operation(const Input& in, const Output& out, bool indeterminate) const {
    std::string k = quote(in.key);
    switch (in.kind) {
      case Kind::get:
        return "get(" + k + ") -> " + (indeterminate ? "?" : quote(out.value));
      case Kind::put:
        return "put(" + k + ", " + quote(in.value) + ")" + (indeterminate ? " -> ?" : "");
      case Kind::append:
        return "append(" + k + ", " + quote(in.value) + ")" + (indeterminate ? " -> ?" : "");
      case Kind::cas:
        return "cas(" + k + ", " + quote(in.value) + ", " + quote(in.next) + ") -> " +
               (indeterminate ? "?"
                : out.ok      ? "ok"
                              : "fail");
    }
    return "?";
  }
  std::string describe_state(const State& s) const {
    std::string out;
    s.for_each([&](const std::string& k, std::string_view v) {
      out += (out.empty() ? "" : ", ") + quote(k) + ": " + quote(std::string(v));
    });
    return "{" + out + "}";
  }

  std::optional<Op> from_raw(const RawOperation& r) const {
    Op op = typed_frame<Op>(r);
    op.input.key = r.key.is_string() ? r.key.get<std::string>() : r.key.is_null() ? "" : to_text(r.key);
    if (r.f == "get") {
      if (r.status == Status::fail) return std::nullopt;
      op.input.kind = Kind::get;
      if (r.status == Status::ok) op.output.value = raw_string(r, r.output, "value read", r.ret_line);
    } else if (r.f == "put" || r.f == "append") {
      if (r.status == Status::fail) return std::nullopt;
      op.input.kind = r.f == "put" ? Kind::put : Kind::append;
      op.input.value = raw_string(r, r.input, "value", r.call_line);
    } else if (r.f == "cas") {
      if (!r.input.is_array() || r.input.size() != 2) bad_value(r, "expected [old new], got " + to_text(r.input));
      op.input.kind = Kind::cas;
      op.input.value = raw_string(r, r.input[0], "old value", r.call_line);
      op.input.next = raw_string(r, r.input[1], "new value", r.call_line);
      op.output.ok = r.status != Status::fail;
    } else {
      bad_value(r, "not an operation of kv (get, put, append, cas)");
    }
    return op;
  }
  RawOperation to_raw(const Op& op) const {
    static constexpr const char* names[] = {"get", "put", "append", "cas"};
    auto r = raw_frame(op, names[static_cast<int>(op.input.kind)]);
    r.key = op.input.key;
    switch (op.input.kind) {
      case Kind::get:
        if (!op.indeterminate) r.output = op.output.value;
        break;
      case Kind::put:
      case Kind::append:
        r.input = r.output = op.input.value;
        break;
      case Kind::cas:
        r.input = r.output = nlohmann::json::array({op.input.value, op.input.next});
        if (!op.indeterminate && !op.output.ok) r.status = Status::fail;
        break;
    }
    return r;
  }

 private:
  // The operation fits in no value that extends `current`.
  static bool beyond(std::string_view current, const Input& in, const Output& out) {
    switch (in.kind) {
      case Kind::get:
        return !out.value.starts_with(current);
      case Kind::cas:
        return out.ok && !in.value.starts_with(current);
      default:
        return false;  // put and append fit anywhere
    }
  }
};

}  // namespace gauntlet::lincheck::models
