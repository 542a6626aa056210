// The search itself: verdicts on hand-made histories, real-time order,
// indeterminate operations, partitions, partial linearizations, and stopping
// on time and on memory.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/detail/lookahead.hpp"
#include "verify/lincheck/models/all.hpp"
#include "verify/lincheck/tests/hard_history.hpp"

using namespace gauntlet::lincheck;
using models::Register;
using R = Register::Op;

namespace {
R write(int client, std::int64_t v, std::int64_t call, std::int64_t ret) { return {client, {true, v}, {}, call, ret}; }
R read(int client, std::int64_t v, std::int64_t call, std::int64_t ret) { return {client, {false, 0}, {v}, call, ret}; }

// A register whose `scatter` may leave any of `fan` values 1..fan behind: one
// step with more successors than a byte can count.
struct Scatter {
  static constexpr std::string_view name = "scatter";
  static constexpr std::string_view operations = "scatter, read -> value   (starts at 0)";
  static constexpr std::int64_t fan = 300;

  using State = std::int64_t;
  struct Input {
    bool scatter = false;
  };
  struct Output {
    std::int64_t value = 0;
  };
  using Op = Operation<Input, Output>;

  State init() const { return 0; }
  Next<State> step(const State& s, const Input& in, const Output& out) const {
    if (!in.scatter) return s == out.value ? Next<State>(s) : Next<State>();
    Next<State> next;
    for (std::int64_t v = 1; v <= fan; ++v) next.push(v);
    return next;
  }
  Next<State> step_indeterminate(const State& s, const Input& in) const { return step(s, in, {s}); }
  std::size_t hash(const State& s) const { return mix64(static_cast<std::uint64_t>(s)); }
  std::string describe_operation(const Input& in, const Output& out, bool) const {
    return in.scatter ? "scatter" : "read() -> " + std::to_string(out.value);
  }
  std::string describe_state(const State& s) const { return std::to_string(s); }
};
}  // namespace

TEST_CASE("an empty history is linearizable") { CHECK(check<Register>({}).verdict == Verdict::linearizable); }

TEST_CASE("real-time order is respected") {
  // The read starts after the write returned: it must see 1.
  CHECK(check<Register>({write(0, 1, 0, 1), read(1, 0, 2, 3)}).verdict == Verdict::not_linearizable);
  // Overlapping: it may see either.
  CHECK(check<Register>({write(0, 1, 0, 5), read(1, 0, 2, 3)}).verdict == Verdict::linearizable);
  CHECK(check<Register>({write(0, 1, 0, 5), read(1, 1, 2, 3)}).verdict == Verdict::linearizable);
  // Equal times overlap (a call at the instant of a return).
  CHECK(check<Register>({write(0, 1, 0, 2), read(1, 0, 2, 3)}).verdict == Verdict::linearizable);
}

TEST_CASE("an indeterminate operation may take effect late or never") {
  R lost = write(0, 7, 0, 1);
  lost.indeterminate = true;
  lost.ret = never;
  CHECK(check<Register>({lost, read(1, 0, 5, 6)}).verdict == Verdict::linearizable);  // never
  CHECK(check<Register>({lost, read(1, 7, 5, 6)}).verdict == Verdict::linearizable);  // late
  CHECK(check<Register>({lost, read(1, 7, 5, 6), read(1, 0, 7, 8)}).verdict == Verdict::not_linearizable);
  // Not before its call.
  CHECK(check<Register>({read(1, 7, 0, 1), {0, {true, 7}, {}, 2, never, true}}).verdict == Verdict::not_linearizable);
}

TEST_CASE("a linearizable result carries a linearization in real-time order") {
  auto r = check<Register>({write(0, 1, 0, 10), read(1, 1, 2, 3), write(1, 2, 4, 5), read(0, 2, 11, 12)});
  REQUIRE(r.verdict == Verdict::linearizable);
  REQUIRE(r.partitions.size() == 1);
  CHECK(r.partitions[0].linearizations.at(0) == std::vector<std::size_t>{0, 1, 2, 3});
}

TEST_CASE("a violation reports the longest partial linearization") {
  auto r = check<Register>({write(0, 1, 0, 1), write(0, 2, 2, 3), read(1, 1, 4, 5)});
  REQUIRE(r.verdict == Verdict::not_linearizable);
  const auto& longest = r.partitions.at(0).linearizations;
  REQUIRE(!longest.empty());
  CHECK(longest[0] == std::vector<std::size_t>{0, 1});
}

TEST_CASE("kv histories split per key and any failing key decides") {
  using models::Kv;
  std::vector<Kv::Op> ops;
  for (int k = 0; k < 6; ++k) {
    std::string key = std::to_string(k);
    ops.push_back({k, {Kv::Kind::put, key, "v"}, {}, 0, 1});
    ops.push_back({k, {Kv::Kind::get, key, ""}, {"v"}, 2, 3});
  }
  CheckOptions two_threads;
  two_threads.threads = 2;
  auto ok = check<Kv>(ops, two_threads);
  CHECK(ok.verdict == Verdict::linearizable);
  CHECK(ok.partitions.size() == 6);
  ops.push_back({9, {Kv::Kind::get, "3", ""}, {"w"}, 4, 5});
  auto bad = check<Kv>(ops, two_threads);
  CHECK(bad.verdict == Verdict::not_linearizable);
  CheckOptions whole;
  whole.partition = false;
  CHECK(check<Kv>(ops, whole).verdict == Verdict::not_linearizable);
  CHECK(check<Kv>(ops, whole).partitions.size() == 1);
}

// partition() groups few keys by a search among those seen and many by a
// sort: both must give the partitions in key order, each in history order.
TEST_CASE("partitions come in key order, each in history order, for few keys and for many") {
  using models::Kv;
  for (int keys : {3, 64, 65, 300}) {
    std::vector<Kv::Op> ops;
    for (int i = 0; i < 4 * keys; ++i) {
      std::string key = "k" + std::to_string((i * 7919) % keys);  // keys out of order in the history
      ops.push_back({i % 5, {Kv::Kind::append, key, std::to_string(i)}, {}, 2 * i, 2 * i + 1});
    }
    auto r = check<Kv>(ops);
    INFO(keys << " keys");
    CHECK(r.verdict == Verdict::linearizable);
    REQUIRE(r.partitions.size() == static_cast<std::size_t>(keys));
    for (std::size_t p = 0; p < r.partitions.size(); ++p) {
      const auto& part = r.partitions[p];
      if (p > 0) CHECK(r.partitions[p - 1].key < part.key);
      REQUIRE(part.ops.size() == 4);
      for (std::size_t k = 0; k < part.ops.size(); ++k) {
        CHECK(ops[part.ops[k]].input.key == part.key);
        if (k > 0) CHECK(part.ops[k - 1] < part.ops[k]);
      }
    }
  }
}

TEST_CASE("a search that cannot finish stops at its timeout") {
  CheckOptions options;
  options.timeout = std::chrono::milliseconds(200);
  options.memory_budget_bytes = std::size_t{4} << 30;  // time, not memory, must stop it
  auto r = check<Register>(testing::hopeless_history(60), options);
  CHECK(r.verdict == Verdict::unknown);
  CHECK(r.reason == "timeout");
  CHECK(r.elapsed < std::chrono::seconds(60));  // a hang guard, not a timing assertion
}

TEST_CASE("a search that outgrows its memory budget gives unknown") {
  CheckOptions options;
  options.memory_budget_bytes = 4 << 20;
  auto r = check<Register>(testing::hopeless_history(60), options);
  CHECK(r.verdict == Verdict::unknown);
  CHECK(r.reason == "memory budget");
  CHECK(r.peak_memory_bytes > options.memory_budget_bytes);
  CHECK(r.peak_memory_bytes < 4 * options.memory_budget_bytes);
}

TEST_CASE("events and operations convert both ways") {
  using E = Event<Register::Input, Register::Output>;
  std::vector<E> events = {{EventKind::call, 0, {true, 1}, {}, false},
                           {EventKind::call, 1, {false, 0}, {}, false},
                           {EventKind::ret, 1, {}, {1}, false},
                           {EventKind::ret, 0, {}, {}, false},
                           {EventKind::call, 2, {true, 5}, {}, false}};
  auto ops = to_operations(events);
  REQUIRE(ops.size() == 3);
  CHECK(ops[0].call == 0);
  CHECK(ops[0].ret == 3);
  CHECK(ops[1].output.value == 1);
  CHECK(ops[2].indeterminate);
  CHECK(ops[2].ret == never);
  auto back = to_events(ops);
  CHECK(back.size() == 5);  // the indeterminate call has no return event
  CHECK(to_operations(back)[1].ret == 2);
  CHECK(check<Register>(ops).verdict == Verdict::linearizable);

  CHECK_THROWS_AS(to_operations(std::vector<E>{{EventKind::ret, 0, {}, {}, false}}), HistoryError);
  CHECK_THROWS_AS(
      to_operations(std::vector<E>{{EventKind::call, 0, {}, {}, false}, {EventKind::call, 0, {}, {}, false}}),
      HistoryError);
  CHECK_THROWS_AS(validate(std::vector<R>{write(0, 1, 5, 2)}), HistoryError);
  CHECK_THROWS_AS(validate(std::vector<R>{write(0, 1, 0, 5), write(0, 2, 3, 6)}), HistoryError);
}

TEST_CASE("the kv lookahead rules out a configuration whose read can no longer fit") {
  using models::Kv;
  auto append = [](std::string v) { return Kv::Op{0, {Kv::Kind::append, "k", std::move(v)}, {}, 0, 10}; };
  Kv::Op read_ba{1, {Kv::Kind::get, "k", ""}, {"ba"}, 1, 11};
  // After append "a" first, the value is "a", no prefix of "ba", and only
  // appends may come before the read: that configuration is ruled out at once.
  std::vector<Kv::Op> ops = {append("a"), append("b"), read_ba};
  CheckOptions plain;
  plain.reductions = false;
  auto fast = check<Kv>(ops);
  auto slow = check<Kv>(ops, plain);
  CHECK(fast.verdict == Verdict::linearizable);
  CHECK(slow.verdict == Verdict::linearizable);
  CHECK(fast.lookahead_prunes == 1);
  CHECK(slow.lookahead_prunes == 0);
  CHECK(fast.states_explored < slow.states_explored);
}

TEST_CASE("the lookahead waits for a put that could start the value afresh") {
  using models::Kv;
  Kv model;
  std::vector<Kv::Op> ops = {{0, {Kv::Kind::append, "k", "a"}, {}, 0, 10},
                             {1, {Kv::Kind::get, "k", ""}, {"ba"}, 1, 11},
                             {2, {Kv::Kind::put, "k", "b"}, {}, 0, 10}};
  std::vector<std::size_t> ids = {0, 1, 2};
  auto after_a = model.step(model.init(), ops[0].input, {})[0];
  // Whether the read (operation 1) is ruled out in state "a", with the append linearized (and the put too).
  auto read_ruled_out = [&](bool put_linearized, bool enabled = true) {
    detail::Lookahead<Kv> lookahead(model, ops, ids, enabled);
    return lookahead.rules_out(1, after_a, [&](std::uint32_t i) { return i == 0 || (i == 2 && put_linearized); });
  };
  CHECK_FALSE(read_ruled_out(false));  // put "b", then append "a": "ba"
  CHECK(read_ruled_out(true));         // the put is spent
  CHECK_FALSE(read_ruled_out(false, /*enabled=*/false));
  ops[2].input.value = "c";
  CHECK(read_ruled_out(false));  // a put of "c" cannot lead to "ba"
  ops[2].input.value = "b";
  ops[2].call = 12;
  CHECK(read_ruled_out(false));  // the put comes after the read returned
}

TEST_CASE("a step with more than 255 successors has every one of them tried") {
  using S = Scatter::Op;
  auto history = [](std::int64_t seen) { return std::vector<S>{{0, {true}, {}, 0, 1}, {1, {false}, {seen}, 2, 3}}; };
  // The last successor is the only one the read fits.
  auto last = check<Scatter>(history(Scatter::fan));
  CHECK(last.verdict == Verdict::linearizable);
  // No successor fits: all of them are explored before giving up.
  auto none = check<Scatter>(history(Scatter::fan + 1));
  CHECK(none.verdict == Verdict::not_linearizable);
  CHECK(none.states_explored == static_cast<std::uint64_t>(Scatter::fan));
}
