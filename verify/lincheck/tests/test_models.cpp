// Each model's sequential behaviour, one step at a time.
#include <catch2/catch.hpp>

#include "verify/lincheck/models/all.hpp"

using namespace gauntlet::lincheck;
using namespace gauntlet::lincheck::models;

TEST_CASE("cas-register: absent until written, cas swaps only on a match") {
  CasRegister m;
  auto s = m.init();
  CHECK(m.step(s, {CasRegister::Kind::read}, {CasRegister::absent, true}).size() == 1);
  CHECK(m.step(s, {CasRegister::Kind::read}, {0, true}).empty());
  s = m.step(s, {CasRegister::Kind::write, 1}, {})[0];
  CHECK(m.step(s, {CasRegister::Kind::cas, 1, 2}, {0, true})[0] == 2);
  CHECK(m.step(s, {CasRegister::Kind::cas, 3, 2}, {0, true}).empty());
  CHECK(m.step(s, {CasRegister::Kind::cas, 3, 2}, {0, false})[0] == 1);  // failed: did not hold 3
  CHECK(m.step(s, {CasRegister::Kind::cas, 1, 2}, {0, false}).empty());  // it did hold 1
  CHECK(m.step_indeterminate(s, {CasRegister::Kind::cas, 1, 2})[0] == 2);
  CHECK(m.describe_operation({CasRegister::Kind::cas, 1, 2}, {0, false}, false) == "cas(1, 2) -> fail");
}

TEST_CASE("queue: FIFO, empty only when empty") {
  Queue m;
  auto s = m.step(m.init(), {true, 1}, {})[0];
  s = m.step(s, {true, 2}, {})[0];
  CHECK(m.step(s, {false}, {false, 2}).empty());
  CHECK(m.step(s, {false}, {true, 0}).empty());
  s = m.step(s, {false}, {false, 1})[0];
  CHECK(m.describe_state(s) == "[2]");
  CHECK(m.step_indeterminate(s, {false})[0].empty());
  CHECK(m.step(m.init(), {false}, {true, 0}).size() == 1);
}

TEST_CASE("set, counter, register") {
  Set set;
  auto s = set.step(set.init(), {Set::Kind::add, 3}, {true})[0];
  CHECK(set.step(s, {Set::Kind::add, 3}, {true}).empty());
  CHECK(set.step(s, {Set::Kind::contains, 3}, {true}).size() == 1);
  CHECK(set.step(s, {Set::Kind::remove, 3}, {true})[0].empty());
  Counter counter;
  CHECK(counter.step(5, {Counter::Kind::fetch_add, 2}, {5})[0] == 7);
  CHECK(counter.step(5, {Counter::Kind::fetch_add, 2}, {7}).empty());
  Register reg;
  CHECK(reg.step(0, {false, 0}, {0}).size() == 1);
  CHECK(reg.step(0, {false, 0}, {1}).empty());
}

TEST_CASE("kv: get, put, append, cas per key") {
  Kv m;
  auto s = m.step(m.init(), {Kv::Kind::append, "k", "a"}, {})[0];
  s = m.step(s, {Kv::Kind::append, "k", "b"}, {})[0];
  CHECK(m.step(s, {Kv::Kind::get, "k"}, {"ab"}).size() == 1);
  CHECK(m.step(s, {Kv::Kind::get, "other"}, {""}).size() == 1);
  CHECK(m.describe_state(m.step(s, {Kv::Kind::cas, "k", "ab", "c"}, {"", true})[0]) == "{\"k\": \"c\"}");
  CHECK(m.step(s, {Kv::Kind::put, "k", "ab"}, {})[0] == s);  // equal states whatever their history
  CHECK(m.step(s, {Kv::Kind::cas, "k", "x", "c"}, {"", true}).empty());
  CHECK(m.partition_key({Kv::Kind::get, "k"}) == "k");
}

TEST_CASE("bank: transfers conserve, reads see every balance") {
  Bank m(std::vector<std::int64_t>{10, 20});
  auto s = m.step(m.init(), {true, 0, 1, 5}, {})[0];
  Bank::Output seen;
  seen.seen = s;
  CHECK(m.describe_state(s) == "[5 25]");
  CHECK(m.step(s, {false}, seen).size() == 1);
  CHECK(m.step(m.init(), {false}, seen).empty());
  CHECK_THROWS_AS(Bank::configure(nlohmann::json{{"balances", {1, "x"}}}), HistoryError);
}

TEST_CASE("kv lookahead: what keeps a read out of reach") {
  Kv m;
  auto s = m.step_indeterminate(m.init(), {Kv::Kind::append, "k", "a"})[0];
  Kv::Input get{Kv::Kind::get, "k"};
  CHECK_FALSE(m.out_of_reach(s, get, {"ab"}));  // appending "b" gets there
  CHECK(m.out_of_reach(s, get, {"ba"}));
  CHECK(m.out_of_reach(s, get, {""}));
  CHECK(m.never_enables({Kv::Kind::append, "k", "b"}, {}, false));
  CHECK_FALSE(m.never_enables({Kv::Kind::put, "k", "b"}, {}, false));
  CHECK(m.may_enable({Kv::Kind::put, "k", "b"}, {}, false, get, {"ba"}));
  CHECK_FALSE(m.may_enable({Kv::Kind::put, "k", "c"}, {}, false, get, {"ba"}));
  CHECK_FALSE(m.may_enable({Kv::Kind::put, "other", "b"}, {}, false, get, {"ba"}));
  CHECK(m.may_enable({Kv::Kind::cas, "k", "z", "b"}, {"", false}, true, get, {"ba"}));  // it may swap
  // A cas that must swap needs the old value: out of reach like a read.
  CHECK(m.out_of_reach(s, {Kv::Kind::cas, "k", "ba", "c"}, {"", true}));
  CHECK_FALSE(m.out_of_reach(s, {Kv::Kind::cas, "k", "ba", "c"}, {"", false}));
}

TEST_CASE("mutex: acquire only when free, release only when held") {
  Mutex m;
  auto s = m.init();
  CHECK(m.step(s, {false}, {}).empty());
  s = m.step(s, {true}, {})[0];
  CHECK(m.step(s, {true}, {}).empty());
  CHECK(m.step_indeterminate(s, {true}).empty());  // taking effect means it succeeded
  CHECK(m.step(s, {false}, {})[0] == 0);
  CHECK(m.describe_operation({true}, {}, false) == "acquire()");
  CHECK(m.describe_operation({false}, {}, true) == "release() -> ?");
  CHECK(m.describe_state(s) == "held");
}

TEST_CASE("unordered-queue: any enqueued value, each once") {
  UnorderedQueue m;
  auto s = m.step(m.init(), {true, 2}, {})[0];
  s = m.step(s, {true, 1}, {})[0];
  s = m.step(s, {true, 2}, {})[0];
  CHECK(m.describe_state(s) == "{1 2 2}");
  CHECK(m.step(s, {false}, {false, 3}).empty());
  CHECK(m.step(s, {false}, {true, 0}).empty());
  auto t = m.step(s, {false}, {false, 2})[0];
  CHECK(m.describe_state(t) == "{1 2}");
  CHECK(m.step_indeterminate(s, {false}).size() == 2);  // took 1 or one of the 2s
  CHECK(m.describe_operation({false}, {false, 2}, false) == "dequeue() -> 2");
}

TEST_CASE("multi-register: a transaction's reads see the writes before them") {
  MultiRegister m;
  using In = MultiRegister::Input;
  In txn{{{true, "x", 1}, {false, "x", 0}, {false, "y", 0}}};
  CHECK(m.step(m.init(), txn, {{0, 1, MultiRegister::absent}}).size() == 1);
  CHECK(m.step(m.init(), txn, {{0, MultiRegister::absent, MultiRegister::absent}}).empty());
  CHECK(m.step(m.init(), txn, {{0, 1, MultiRegister::unknown}}).size() == 1);  // a nil read, read as unknown
  auto s = m.step_indeterminate(m.init(), txn)[0];
  CHECK(m.describe_state(s) == "{x: 1}");
  CHECK(m.describe_operation(txn, {{0, 1, MultiRegister::absent}}, false) == "txn(w x 1 r x 1 r y nil)");
  MultiRegister zero;
  zero.set_initial(0);
  CHECK(zero.step(zero.init(), In{{{false, "y", 0}}}, {{0}}).size() == 1);
}

TEST_CASE("register models: an initial value, and nil reads as unknown") {
  CasRegister m;
  m.set_initial(0);
  CHECK(m.init() == 0);
  m.set_initial(nullptr);
  CHECK(m.init() == CasRegister::absent);
  CHECK_THROWS_AS(m.set_initial("x"), HistoryError);
  Register r;
  CHECK_THROWS_AS(r.set_initial(nullptr), HistoryError);
  RawOperation read;
  read.f = "read";
  read.status = Status::ok;
  read.ret = 1;
  CHECK(m.from_raw(read));  // a read of absent
  m.nil_unknown = true;
  CHECK(!m.from_raw(read));  // constrains nothing: dropped
}
