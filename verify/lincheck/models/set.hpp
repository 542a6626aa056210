#pragma once
// A set of integers: add(v) -> added?, remove(v) -> removed?, contains(v) -> present?
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/lincheck/history.hpp"
#include "verify/lincheck/model.hpp"
#include "verify/lincheck/models/raw_support.hpp"

namespace gauntlet::lincheck::models {

struct Set {
  static constexpr std::string_view name = "set";
  static constexpr std::string_view operations =
      "add(v) -> true if new, remove(v) -> true if present, contains(v) -> bool";

  using State = std::vector<std::int64_t>;  // sorted
  enum class Kind : std::uint8_t { add, remove, contains };
  struct Input {
    Kind kind = Kind::contains;
    std::int64_t value = 0;
  };
  struct Output {
    bool result = false;
  };
  using Op = Operation<Input, Output>;

  State init() const { return {}; }
  Next<State> step(const State& s, const Input& in, const Output& out) const {
    bool present = std::binary_search(s.begin(), s.end(), in.value);
    if (out.result != (in.kind == Kind::add ? !present : present)) return {};
    return apply(s, in);
  }
  Next<State> step_indeterminate(const State& s, const Input& in) const { return apply(s, in); }
  // Never changes the state when it fits (the search takes it without branching).
  bool read_only(const Input& in, const Output& out, bool indeterminate) const {
    return in.kind == Kind::contains || (!indeterminate && !out.result);  // add of a member, remove of a non-member
  }
  std::size_t heap_bytes(const State& s) const { return s.capacity() * sizeof(std::int64_t); }
  std::size_t hash(const State& s) const {
    std::uint64_t h = s.size();
    for (auto v : s) h = hash_combine(h, static_cast<std::uint64_t>(v));
    return h;
  }

  std::string describe_operation(const Input& in, const Output& out, bool indeterminate) const {
    static constexpr const char* names[] = {"add", "remove", "contains"};
    return std::string(names[static_cast<int>(in.kind)]) + "(" + std::to_string(in.value) + ") -> " +
           (indeterminate ? "?"
            : out.result  ? "true"
                          : "false");
  }
  std::string describe_state(const State& s) const {
    std::string out = "{";
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? " " : "") + std::to_string(s[i]);
    return out + "}";
  }

  std::optional<Op> from_raw(const RawOperation& r) const {
    Op op = typed_frame<Op>(r);
    if (r.status == Status::fail) return std::nullopt;
    if (r.f == "add")
      op.input.kind = Kind::add;
    else if (r.f == "remove")
      op.input.kind = Kind::remove;
    else if (r.f == "contains")
      op.input.kind = Kind::contains;
    else
      bad_value(r, "not an operation of set (add, remove, contains)");
    op.input.value = raw_int(r, r.input, "element", r.call_line);
    if (r.status == Status::ok) op.output.result = raw_bool(r, r.output, "result", r.ret_line);
    return op;
  }
  RawOperation to_raw(const Op& op) const {
    static constexpr const char* names[] = {"add", "remove", "contains"};
    auto r = raw_frame(op, names[static_cast<int>(op.input.kind)]);
    r.input = op.input.value;
    if (!op.indeterminate) r.output = op.output.result;
    return r;
  }

 private:
  static State apply(const State& s, const Input& in) {
    auto it = std::lower_bound(s.begin(), s.end(), in.value);
    bool present = it != s.end() && *it == in.value;
    if (in.kind == Kind::add && !present) {
      State n = s;
      n.insert(n.begin() + (it - s.begin()), in.value);
      return n;
    }
    if (in.kind == Kind::remove && present) {
      State n = s;
      n.erase(n.begin() + (it - s.begin()));
      return n;
    }
    return s;
  }
};

}  // namespace gauntlet::lincheck::models
