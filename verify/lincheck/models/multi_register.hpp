#pragma once
// Several registers under transactions, as Knossos's multi-register: an
// operation `txn` is a list of micro-operations [:read k v] / [:write k v]
// (Jepsen's :r / :w too) applied in order, so a transaction's reads see the
// writes before them in it. Registers start absent (or at `initial`).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "verify/lincheck/history.hpp"
#include "verify/lincheck/model.hpp"
#include "verify/lincheck/models/raw_support.hpp"

namespace gauntlet::lincheck::models {

struct MultiRegister {
  static constexpr std::string_view name = "multi-register";
  static constexpr std::string_view operations =
      "txn([[:read k v] [:write k v] ...]) -> the values read   (registers start absent or at --initial-value)";

  static constexpr std::int64_t absent = std::numeric_limits<std::int64_t>::min();
  static constexpr std::int64_t unknown = absent + 1;  // a read of nil under NilRead::unknown: fits anything

  using State = std::vector<std::pair<std::string, std::int64_t>>;  // written registers, sorted by name
  struct Micro {
    bool write = false;
    std::string key;
    std::int64_t value = 0;  // write: the value written
  };
  struct Input {
    std::vector<Micro> ops;
  };
  struct Output {
    std::vector<std::int64_t> values;  // per micro-operation: what a read saw
  };
  using Op = Operation<Input, Output>;

  std::int64_t initial = absent;
  bool nil_unknown = false;
  void set_initial(const nlohmann::json& v) {
    if (!v.is_null() && !v.is_number_integer())
      throw HistoryError("multi-register: the initial value must be an integer or nil, not " + to_text(v));
    initial = v.is_null() ? absent : v.get<std::int64_t>();
  }

  State init() const { return {}; }
  Next<State> step(const State& s, const Input& in, const Output& out) const {
    if (out.values.size() != in.ops.size()) return {};
    State t = s;
    for (std::size_t i = 0; i < in.ops.size(); ++i) {
      const Micro& m = in.ops[i];
      if (m.write)
        put(t, m.key, m.value);
      else if (out.values[i] != unknown && get(t, m.key) != out.values[i])
        return {};
    }
    return t;
  }
  Next<State> step_indeterminate(const State& s, const Input& in) const {
    State t = s;
    for (const Micro& m : in.ops)
      if (m.write) put(t, m.key, m.value);
    return t;
  }
  // Never changes the state when it fits (the search takes it without branching).
  bool read_only(const Input& in, const Output&, bool) const {
    return std::none_of(in.ops.begin(), in.ops.end(), [](const Micro& m) { return m.write; });
  }
  std::size_t heap_bytes(const State& s) const {
    std::size_t n = s.capacity() * sizeof(State::value_type);
    for (const auto& [k, v] : s) n += k.capacity();
    return n;
  }
  std::size_t hash(const State& s) const {
    std::uint64_t h = s.size();
    for (const auto& [k, v] : s)
      h = hash_combine(hash_combine(h, std::hash<std::string>{}(k)), static_cast<std::uint64_t>(v));
    return h;
  }

  static std::string show(std::int64_t v) { return v == absent ? "nil" : v == unknown ? "?" : std::to_string(v); }
  std::string describe_operation(const Input& in, const Output& out, bool indeterminate) const {
    std::string text = "txn(";
    for (std::size_t i = 0; i < in.ops.size(); ++i) {
      const Micro& m = in.ops[i];
      text += (i ? " " : "") + std::string(m.write ? "w " : "r ") + m.key + " " +
              (m.write                                   ? show(m.value)
               : indeterminate || i >= out.values.size() ? "?"
                                                         : show(out.values[i]));
    }
    return text + ")" + (indeterminate ? " -> ?" : "");
  }
  std::string describe_state(const State& s) const {
    std::string text;
    for (const auto& [k, v] : s) text += (text.empty() ? "" : ", ") + k + ": " + show(v);
    return "{" + text + (initial == absent ? "" : std::string(text.empty() ? "" : ", ") + "others: " + show(initial)) +
           "}";
  }

  std::optional<Op> from_raw(const RawOperation& r) const {
    Op op = typed_frame<Op>(r);
    if (r.status == Status::fail) return std::nullopt;
    if (r.f != "txn") bad_value(r, "not an operation of multi-register (txn)");
    if (!r.input.is_array()) bad_value(r, "expected a list of [:read k v] / [:write k v], got " + to_text(r.input));
    bool ok = r.status == Status::ok;
    if (ok && (!r.output.is_array() || r.output.size() != r.input.size()))
      bad_value(r,
                "expected the completion to list the transaction's " + std::to_string(r.input.size()) +
                    " micro-operations, got " + to_text(r.output),
                r.ret_line);
    for (std::size_t i = 0; i < r.input.size(); ++i) {
      Micro m = micro(r, r.input[i], r.call_line);
      if (ok) {
        Micro done = micro(r, r.output[i], r.ret_line);
        if (done.write != m.write || done.key != m.key)
          bad_value(r,
                    "the completion's micro-operation " + to_text(r.output[i]) + " differs from the invoke's " +
                        to_text(r.input[i]),
                    r.ret_line);
        const auto& v = r.output[i][2];
        if (!m.write)
          op.output.values.push_back(v.is_null() ? (nil_unknown ? unknown : absent) : done.value);
        else
          op.output.values.push_back(0);
        if (m.write) m.value = done.value;
      }
      op.input.ops.push_back(std::move(m));
    }
    return op;
  }
  RawOperation to_raw(const Op& op) const {
    auto r = raw_frame(op, "txn");
    r.input = nlohmann::json::array();
    r.output = nlohmann::json::array();
    auto j = [](std::int64_t v) { return v == absent || v == unknown ? nlohmann::json() : nlohmann::json(v); };
    for (std::size_t i = 0; i < op.input.ops.size(); ++i) {
      const Micro& m = op.input.ops[i];
      const char* f = m.write ? "write" : "read";
      r.input.push_back({f, m.key, m.write ? j(m.value) : nlohmann::json()});
      r.output.push_back({f, m.key,
                          m.write                       ? j(m.value)
                          : i < op.output.values.size() ? j(op.output.values[i])
                                                        : nullptr});
    }
    if (op.indeterminate) r.output = nullptr;
    return r;
  }

 private:
  std::int64_t get(const State& s, const std::string& k) const {
    auto it =
        std::lower_bound(s.begin(), s.end(), k, [](const auto& e, const std::string& key) { return e.first < key; });
    return it != s.end() && it->first == k ? it->second : initial;
  }
  static void put(State& s, const std::string& k, std::int64_t v) {
    auto it =
        std::lower_bound(s.begin(), s.end(), k, [](const auto& e, const std::string& key) { return e.first < key; });
    if (it != s.end() && it->first == k)
      it->second = v;
    else
      s.insert(it, {k, v});
  }
  // [f k v], f one of read, r, write, w; a write's v an integer, a read's an integer or nil.
  static Micro micro(const RawOperation& r, const nlohmann::json& m, int line) {
    if (!m.is_array() || m.size() != 3 || !m[0].is_string())
      bad_value(r, "expected a micro-operation [:read k v] or [:write k v], got " + to_text(m), line);
    auto f = m[0].get<std::string>();
    Micro out;
    if (f == "write" || f == "w")
      out.write = true;
    else if (f != "read" && f != "r")
      bad_value(r, "unknown micro-operation :" + f + " (read, r, write, w)", line);
    out.key = m[1].is_string() ? m[1].get<std::string>() : to_text(m[1]);
    if (out.write || !m[2].is_null()) out.value = raw_int(r, m[2], out.write ? "value to write" : "value read", line);
    return out;
  }
};

}  // namespace gauntlet::lincheck::models
