#pragma once
// A bank of accounts (the 2PC workload): transfer(from, to, amount) and a
// read of every balance at once. The total is conserved by every transfer.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/lincheck/history.hpp"
#include "verify/lincheck/model.hpp"
#include "verify/lincheck/models/raw_support.hpp"

namespace gauntlet::lincheck::models {

struct Bank {
  static constexpr std::string_view name = "bank";
  static constexpr std::string_view operations =
      "transfer([from to amount]) (:fail: did not happen), read -> [balance ...]   "
      "(json header \"init\": {\"balances\": [...]}, default 4 accounts of 100)";
  static constexpr std::size_t max_accounts = 16;

  // Balances inline (no heap): accounts beyond `count` stay 0.
  struct State {
    std::array<std::int64_t, max_accounts> balance{};
    std::uint8_t count = 0;
    bool operator==(const State&) const = default;
  };
  struct Input {
    bool transfer = false;
    std::uint8_t from = 0, to = 0;
    std::int64_t amount = 0;
  };
  struct Output {
    State seen;  // read: the balances read
  };
  using Op = Operation<Input, Output>;

  Bank() : Bank(std::vector<std::int64_t>(4, 100)) {}
  explicit Bank(const std::vector<std::int64_t>& balances) {
    if (balances.size() > max_accounts) throw HistoryError("bank: at most 16 accounts");
    initial_.count = static_cast<std::uint8_t>(balances.size());
    for (std::size_t i = 0; i < balances.size(); ++i) initial_.balance[i] = balances[i];
  }
  // From the json header's "init": {"balances": [...]}; null gives the default.
  static Bank configure(const nlohmann::json& init) {
    if (init.is_null()) return Bank{};
    if (!init.is_object() || !init.contains("balances") || !init["balances"].is_array())
      throw HistoryError("bank: init must be {\"balances\": [integers]}");
    std::vector<std::int64_t> b;
    for (const auto& v : init["balances"]) {
      if (!v.is_number_integer()) throw HistoryError("bank: balances must be integers, got " + to_text(v));
      b.push_back(v.get<std::int64_t>());
    }
    return Bank(b);
  }

  State init() const { return initial_; }
  Next<State> step(const State& s, const Input& in, const Output& out) const {
    if (in.transfer) return step_indeterminate(s, in);
    return s == out.seen ? Next<State>(s) : Next<State>();
  }
  Next<State> step_indeterminate(const State& s, const Input& in) const {
    if (!in.transfer) return s;
    State n = s;
    n.balance[in.from] -= in.amount;
    n.balance[in.to] += in.amount;
    return n;
  }
  // Never changes the state when it fits (the search takes it without branching).
  bool read_only(const Input& in, const Output&, bool) const { return !in.transfer; }
  std::size_t hash(const State& s) const {
    std::uint64_t h = s.count;
    for (std::size_t i = 0; i < s.count; ++i) h = hash_combine(h, static_cast<std::uint64_t>(s.balance[i]));
    return h;
  }

  std::string describe_operation(const Input& in, const Output& out, bool indeterminate) const {
    if (in.transfer)
      return "transfer(" + std::to_string(in.from) + " -> " + std::to_string(in.to) + ", " + std::to_string(in.amount) +
             ")" + (indeterminate ? " -> ?" : "");
    return "read() -> " + (indeterminate ? std::string("?") : describe_state(out.seen));
  }
  std::string describe_state(const State& s) const {
    std::string out = "[";
    for (std::size_t i = 0; i < s.count; ++i) out += (i ? " " : "") + std::to_string(s.balance[i]);
    return out + "]";
  }

  std::optional<Op> from_raw(const RawOperation& r) const {
    Op op = typed_frame<Op>(r);
    if (r.status == Status::fail) return std::nullopt;  // an aborted transfer or read did not happen
    auto account = [&](const nlohmann::json& v) {
      auto a = raw_int(r, v, "account", r.call_line);
      if (a < 0 || a >= initial_.count) bad_value(r, "account " + std::to_string(a) + " does not exist");
      return static_cast<std::uint8_t>(a);
    };
    if (r.f == "transfer") {
      if (!r.input.is_array() || r.input.size() != 3)
        bad_value(r, "expected [from to amount], got " + to_text(r.input));
      op.input = {true, account(r.input[0]), account(r.input[1]), raw_int(r, r.input[2], "amount", r.call_line)};
    } else if (r.f == "read") {
      if (r.status == Status::ok) {
        if (!r.output.is_array() || r.output.size() != initial_.count)
          bad_value(r, "expected " + std::to_string(initial_.count) + " balances, got " + to_text(r.output),
                    r.ret_line);
        op.output.seen.count = initial_.count;
        for (std::size_t i = 0; i < initial_.count; ++i)
          op.output.seen.balance[i] = raw_int(r, r.output[i], "balance", r.ret_line);
      }
    } else {
      bad_value(r, "not an operation of bank (transfer, read)");
    }
    return op;
  }
  RawOperation to_raw(const Op& op) const {
    auto r = raw_frame(op, op.input.transfer ? "transfer" : "read");
    if (op.input.transfer) {
      r.input = r.output = nlohmann::json::array({op.input.from, op.input.to, op.input.amount});
    } else if (!op.indeterminate) {
      r.output = nlohmann::json::array();
      for (std::size_t i = 0; i < op.output.seen.count; ++i) r.output.push_back(op.output.seen.balance[i]);
    }
    return r;
  }

 private:
  State initial_;
};

}  // namespace gauntlet::lincheck::models
