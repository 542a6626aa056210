#pragma once
// Small random histories for the differential test. Each is first made
// linearizable by construction (every operation takes effect at a random
// point between its call and return, outputs computed from the model), then
// often corrupted by one random output, so both verdicts are common.
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "verify/lincheck/models/all.hpp"
#include "verify/lincheck/models/independent.hpp"

namespace gauntlet::lincheck::testing {

using Rng = std::mt19937_64;
inline int pick(Rng& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

// Per model: a random input, the true output in a state, and a random output.
template <class M>
struct Adapter;

template <>
struct Adapter<models::Register> {
  using M = models::Register;
  static M::Input input(Rng& r) { return {pick(r, 0, 1) == 1, pick(r, 0, 2)}; }
  static M::Output truth(const M::State& s, const M::Input&) { return {s}; }
  static M::Output noise(Rng& r, const M::Input&) { return {pick(r, 0, 2)}; }
};

template <>
struct Adapter<models::CasRegister> {
  using M = models::CasRegister;
  static std::int64_t value(Rng& r) { return pick(r, 0, 3) == 0 ? M::absent : pick(r, 0, 2); }
  static M::Input input(Rng& r) { return {static_cast<M::Kind>(pick(r, 0, 2)), pick(r, 0, 2), pick(r, 0, 2)}; }
  static M::Output truth(const M::State& s, const M::Input& in) { return {s, s == in.a}; }
  static M::Output noise(Rng& r, const M::Input&) { return {value(r), pick(r, 0, 1) == 1}; }
};

template <>
struct Adapter<models::Queue> {
  using M = models::Queue;
  static M::Input input(Rng& r) { return {pick(r, 0, 1) == 1, pick(r, 0, 3)}; }
  static M::Output truth(const M::State& s, const M::Input&) {
    return s.empty() ? M::Output{true, 0} : M::Output{false, s.front()};
  }
  static M::Output noise(Rng& r, const M::Input&) { return {pick(r, 0, 3) == 0, pick(r, 0, 3)}; }
};

template <>
struct Adapter<models::Set> {
  using M = models::Set;
  static M::Input input(Rng& r) { return {static_cast<M::Kind>(pick(r, 0, 2)), pick(r, 0, 2)}; }
  static M::Output truth(const M::State& s, const M::Input& in) {
    bool present = std::binary_search(s.begin(), s.end(), in.value);
    return {in.kind == M::Kind::add ? !present : present};
  }
  static M::Output noise(Rng& r, const M::Input&) { return {pick(r, 0, 1) == 1}; }
};

template <>
struct Adapter<models::Counter> {
  using M = models::Counter;
  static M::Input input(Rng& r) { return {static_cast<M::Kind>(pick(r, 0, 2)), pick(r, 1, 2)}; }
  static M::Output truth(const M::State& s, const M::Input&) { return {s}; }
  static M::Output noise(Rng& r, const M::Input&) { return {pick(r, 0, 5)}; }
};

template <>
struct Adapter<models::Kv> {
  using M = models::Kv;
  static M::Input input(Rng& r) {
    static const char* vals[] = {"a", "b", ""};
    return {static_cast<M::Kind>(pick(r, 0, 3)), pick(r, 0, 1) ? "x" : "y", vals[pick(r, 0, 2)], vals[pick(r, 0, 1)]};
  }
  static M::Output truth(const M::State& s, const M::Input& in) {
    return {std::string(s.get(in.key)), s.get(in.key) == in.value};
  }
  static M::Output noise(Rng& r, const M::Input&) {
    static const char* vals[] = {"", "a", "b", "ab", "ba"};
    return {vals[pick(r, 0, 4)], pick(r, 0, 1) == 1};
  }
};

// Kv histories of appends and reads of one key: no put for the lookahead to
// wait for, so it rules configurations out often.
struct KvAppends : models::Kv {
  static constexpr std::string_view name = "kv (appends and reads)";
};

template <>
struct Adapter<KvAppends> : Adapter<models::Kv> {
  static M::Input input(Rng& r) {
    return {pick(r, 0, 1) ? M::Kind::get : M::Kind::append, "x", pick(r, 0, 1) ? "a" : "b", ""};
  }
};

template <>
struct Adapter<models::Bank> {
  using M = models::Bank;
  static M::Input input(Rng& r) {
    auto from = static_cast<std::uint8_t>(pick(r, 0, 2));
    return {pick(r, 0, 2) != 0, from, static_cast<std::uint8_t>((from + pick(r, 1, 2)) % 3), pick(r, 1, 2)};
  }
  static M::Output truth(const M::State& s, const M::Input&) { return {s}; }
  static M::Output noise(Rng& r, const M::Input&) {
    M::Output o;
    o.seen.count = 3;
    for (int i = 0; i < 3; ++i) o.seen.balance[i] = 10 + pick(r, -2, 2);
    return o;
  }
};

template <>
struct Adapter<models::Mutex> {
  using M = models::Mutex;
  // Acquires and releases in random order: many histories are not linearizable as generated.
  static M::Input input(Rng& r) { return {pick(r, 0, 1) == 1}; }
  static M::Output truth(const M::State&, const M::Input&) { return {}; }
  static M::Output noise(Rng&, const M::Input&) { return {}; }
};

template <>
struct Adapter<models::UnorderedQueue> {
  using M = models::UnorderedQueue;
  static M::Input input(Rng& r) { return {pick(r, 0, 1) == 1, pick(r, 0, 2)}; }
  static M::Output truth(const M::State& s, const M::Input&) {
    return s.empty() ? M::Output{true, 0} : M::Output{false, s.back()};  // any element is a true answer
  }
  static M::Output noise(Rng& r, const M::Input&) { return {pick(r, 0, 3) == 0, pick(r, 0, 2)}; }
};

template <>
struct Adapter<models::MultiRegister> {
  using M = models::MultiRegister;
  static M::Input input(Rng& r) {
    M::Input in;
    for (int i = pick(r, 1, 3); i > 0; --i)
      in.ops.push_back({pick(r, 0, 1) == 1, pick(r, 0, 1) ? "x" : "y", pick(r, 0, 2)});
    return in;
  }
  // Reads see the writes before them in the transaction.
  static M::Output truth(const M::State& s, const M::Input& in) {
    M m;
    M::Output out;
    M::State t = s;
    for (const auto& op : in.ops) {
      if (op.write) {
        out.values.push_back(0);
        t = m.step_indeterminate(t, {{op}})[0];
      } else {
        std::int64_t seen = M::absent;
        for (const auto& [k, v] : t)
          if (k == op.key) seen = v;
        out.values.push_back(seen);
      }
    }
    return out;
  }
  static M::Output noise(Rng& r, const M::Input& in) {
    M::Output out;
    for (std::size_t i = 0; i < in.ops.size(); ++i)
      out.values.push_back(pick(r, 0, 3) == 0 ? M::absent : pick(r, 0, 2));
    return out;
  }
};

// jepsen.independent histories of one key: the brute force keeps one state,
// as the search does within a key's partition.
template <class M>
struct Adapter<models::Independent<M>> {
  using Inner = Adapter<M>;
  using I = models::Independent<M>;
  static typename I::Input input(Rng& r) { return {"7", Inner::input(r)}; }
  static typename I::Output truth(const typename I::State& s, const typename I::Input& in) {
    return Inner::truth(s, in.in);
  }
  static typename I::Output noise(Rng& r, const typename I::Input& in) { return Inner::noise(r, in.in); }
};

template <class M>
M test_model() {
  if constexpr (std::is_same_v<M, models::Bank>)
    return M(std::vector<std::int64_t>{10, 10, 10});
  else
    return M{};
}

// Up to `max_ops` operations over 1 to `max_clients` clients; about one in
// `crash_one_in` times out (indeterminate).
template <class M>
std::vector<Operation<typename M::Input, typename M::Output>> random_history(Rng& rng, const M& model, int max_ops,
                                                                             int max_clients = 4,
                                                                             int crash_one_in = 7) {
  using A = Adapter<M>;
  using Op = Operation<typename M::Input, typename M::Output>;
  std::vector<Op> ops;
  int clients = pick(rng, 1, max_clients), n = pick(rng, 1, max_ops);
  std::vector<std::int64_t> clock(clients, 0);
  std::vector<bool> crashed(clients, false);
  for (int k = 0; k < n; ++k) {
    int c = pick(rng, 0, clients - 1);
    if (crashed[c]) continue;
    Op op;
    op.client = c;
    op.input = A::input(rng);
    op.call = clock[c] + pick(rng, 0, 3);
    op.ret = op.call + pick(rng, 0, 6);
    clock[c] = op.ret + 1;
    if (pick(rng, 1, crash_one_in) == 1) {  // timed out: may or may not take effect; the client is not reused
      op.indeterminate = true;
      crashed[c] = true;
    }
    ops.push_back(op);
  }
  // Take effect at a random point inside each operation (ties broken by index).
  std::vector<std::pair<double, std::size_t>> points;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].indeterminate && pick(rng, 0, 1) == 0) continue;  // never took effect
    std::uniform_real_distribution<double> at(static_cast<double>(ops[i].call), static_cast<double>(ops[i].ret));
    points.push_back({at(rng), i});
  }
  std::sort(points.begin(), points.end());
  auto state = model.init();
  for (auto [t, i] : points) {
    auto& op = ops[i];
    op.output = A::truth(state, op.input);
    auto next = model.step(state, op.input, op.output);
    if (!next.empty()) state = next[0];
  }
  for (auto& op : ops)
    if (op.indeterminate) {
      op.output = {};
      op.ret = never;
    }
  if (!ops.empty() && pick(rng, 0, 9) < 7) {
    auto& victim = ops[pick(rng, 0, static_cast<int>(ops.size()) - 1)];
    if (!victim.indeterminate) victim.output = A::noise(rng, victim.input);
  }
  return ops;
}

}  // namespace gauntlet::lincheck::testing
