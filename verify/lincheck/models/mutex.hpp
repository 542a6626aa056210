#pragma once
// A lock, as Knossos's mutex model: acquire takes it when it is free,
// release frees it when it is held (no owner is tracked, as in Knossos).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "verify/lincheck/history.hpp"
#include "verify/lincheck/model.hpp"
#include "verify/lincheck/models/raw_support.hpp"

namespace gauntlet::lincheck::models {

struct Mutex {
  static constexpr std::string_view name = "mutex";
  static constexpr std::string_view operations = "acquire (only when free), release (only when held)";

  using State = std::uint8_t;  // 1: held (not bool: Next<State> keeps a vector of them)
  struct Input {
    bool acquire = true;
  };
  struct Output {};
  using Op = Operation<Input, Output>;

  State init() const { return 0; }
  Next<State> step(const State& held, const Input& in, const Output&) const {
    return (held != 0) != in.acquire ? Next<State>(in.acquire ? 1 : 0) : Next<State>();
  }
  // Taking effect at all means it succeeded, so the same rule.
  Next<State> step_indeterminate(const State& held, const Input& in) const { return step(held, in, {}); }
  std::size_t hash(const State& held) const { return held; }

  std::string describe_operation(const Input& in, const Output&, bool indeterminate) const {
    return std::string(in.acquire ? "acquire()" : "release()") + (indeterminate ? " -> ?" : "");
  }
  std::string describe_state(const State& held) const { return held ? "held" : "free"; }

  std::optional<Op> from_raw(const RawOperation& r) const {
    Op op = typed_frame<Op>(r);
    if (r.status == Status::fail) return std::nullopt;  // did not take effect
    if (r.f != "acquire" && r.f != "release") bad_value(r, "not an operation of mutex (acquire, release)");
    op.input.acquire = r.f == "acquire";
    return op;
  }
  RawOperation to_raw(const Op& op) const { return raw_frame(op, op.input.acquire ? "acquire" : "release"); }
};

}  // namespace gauntlet::lincheck::models
