#pragma once
// Any model over jepsen.independent's keys: the history holds one
// independent copy of the model per key (split_independent, reading.hpp, has
// moved each [key value] tuple's key into RawOperation::key), and the checker
// splits it per key as it splits kv.
#include <optional>
#include <string>
#include <string_view>

#include "verify/lincheck/history.hpp"
#include "verify/lincheck/model.hpp"
#include "verify/lincheck/models/raw_support.hpp"

namespace gauntlet::lincheck::models {

template <class M>
struct Independent {
  static constexpr std::string_view name = M::name;
  static constexpr std::string_view operations = M::operations;

  M inner;

  using State = typename M::State;
  struct Input {
    std::string key;  // the tuple's key, as EDN-like text
    typename M::Input in;
  };
  using Output = typename M::Output;
  using Op = Operation<Input, Output>;

  static Independent configure(const nlohmann::json& init) requires requires { M::configure(init); }
  { return {M::configure(init)}; }

  State init() const { return inner.init(); }
  Next<State> step(const State& s, const Input& in, const Output& out) const { return inner.step(s, in.in, out); }
  Next<State> step_indeterminate(const State& s, const Input& in) const { return inner.step_indeterminate(s, in.in); }
  bool read_only(const Input& in, const Output& out, bool indeterminate) const {
    if constexpr (requires { inner.read_only(in.in, out, indeterminate); })
      return inner.read_only(in.in, out, indeterminate);
    else
      return false;
  }
  bool fits(const State& s, const Input& in, const Output& out) const requires requires { inner.fits(s, in.in, out); }
  { return inner.fits(s, in.in, out); }
  // The inner model's lookahead (detail/lookahead.hpp), when it has one. The
  // checker searches one key at a time, so both operations share a key here;
  // two keys would give the conservative answer, "may enable", which is sound.
  bool out_of_reach(const State& s, const Input& in, const Output& out) const requires requires {
    inner.out_of_reach(s, in.in, out);
  }
  { return inner.out_of_reach(s, in.in, out); }
  bool never_enables(const Input& in, const Output& out, bool indeterminate) const requires requires {
    inner.never_enables(in.in, out, indeterminate);
  }
  { return inner.never_enables(in.in, out, indeterminate); }
  bool may_enable(const Input& j, const Output& j_out, bool j_indeterminate, const Input& o,
                  const Output& o_out) const requires requires {
    inner.never_enables(j.in, j_out, j_indeterminate);
  }
  {
    if (j.key != o.key) return true;
    if constexpr (requires { inner.may_enable(j.in, j_out, j_indeterminate, o.in, o_out); })
      return inner.may_enable(j.in, j_out, j_indeterminate, o.in, o_out);
    else
      return true;
  }
  std::size_t heap_bytes(const State& s) const {
    if constexpr (requires { inner.heap_bytes(s); })
      return inner.heap_bytes(s);
    else
      return 0;
  }
  std::size_t hash(const State& s) const { return inner.hash(s); }
  // A model already split by its own key (kv) is split by both.
  std::string partition_key(const Input& in) const {
    if constexpr (PartitionedModel<M>)
      return in.key + " " + std::string(inner.partition_key(in.in));
    else
      return in.key;
  }

  std::string describe_operation(const Input& in, const Output& out, bool indeterminate) const {
    return "[" + in.key + "] " + inner.describe_operation(in.in, out, indeterminate);
  }
  std::string describe_state(const State& s) const { return inner.describe_state(s); }

  std::optional<Op> from_raw(const RawOperation& r) const {
    if (r.key.is_null()) bad_value(r, "expected a [key value] tuple");
    auto op = inner.from_raw(r);
    if (!op) return std::nullopt;
    return Op{op->client,       {to_text(r.key), std::move(op->input)}, std::move(op->output), op->call, op->ret,
              op->indeterminate};
  }
  RawOperation to_raw(const Op& op) const {
    RawOperation r = inner.to_raw({op.client, op.input.in, op.output, op.call, op.ret, op.indeterminate});
    r.key = nlohmann::json::parse(op.input.key, nullptr, false);
    return r;
  }
};

}  // namespace gauntlet::lincheck::models
