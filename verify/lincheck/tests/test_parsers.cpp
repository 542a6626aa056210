// The three formats: reading, recognising, and rejecting malformed input
// with the line at fault.
#include <catch2/catch.hpp>

#include <string>

#include "verify/lincheck/models/all.hpp"
#include "verify/lincheck/models/independent.hpp"
#include "verify/lincheck/parsers.hpp"
#include "verify/lincheck/reading.hpp"
#include "verify/lincheck/typed_history.hpp"

using namespace gauntlet::lincheck;

namespace {
int error_line(std::string_view text, Format f) {
  try {
    read_history(text, f);
  } catch (const HistoryError& e) {
    return e.line;
  }
  return -1;
}
}  // namespace

TEST_CASE("etcd-log lines pair into operations") {
  auto h = read_etcd_log(
      "INFO  jepsen.util - 4\t:invoke\t:read\tnil\n"
      "INFO  jepsen.util - 1\t:invoke\t:cas\t[1 2]\n"
      "INFO  jepsen.util - 4\t:ok\t:read\t3\n"
      "INFO  jepsen.util - 1\t:info\t:cas\t:timed-out\n"
      "INFO  jepsen.util - 2\t:invoke\t:write\t5\n");
  REQUIRE(h.operations.size() == 3);
  CHECK(h.operations[0].output == 3);
  CHECK(h.operations[0].ret == 2);
  CHECK(h.operations[1].status == Status::info);
  CHECK(h.operations[1].ret == never);
  CHECK(h.operations[1].input == nlohmann::json::array({1, 2}));
  CHECK(h.operations[2].status == Status::info);  // never completed
  auto typed = to_typed(h, models::CasRegister{});
  CHECK(typed.ops[1].input.kind == models::CasRegister::Kind::cas);
  CHECK(typed.ops[1].indeterminate);
}

TEST_CASE("edn maps pair into operations; nemesis lines become annotations") {
  auto h = read_edn(
      "{:process 3, :type :invoke, :f :append, :key \"9\", :value \"x 3 0 y\"}\n"
      "{:process :nemesis, :type :info, :f :start, :value [:isolated \"n1\"]}\n"
      "{:process 3, :type :ok, :f :append, :key \"9\", :value \"x 3 0 y\"}\n");
  REQUIRE(h.operations.size() == 1);
  CHECK(h.operations[0].key == "9");
  CHECK(h.operations[0].status == Status::ok);
  REQUIRE(h.annotations.size() == 1);
  CHECK(h.annotations[0].kind == "nemesis");
}

TEST_CASE("json history round-trips, with annotations and a header") {
  RawHistory h;
  h.model = "bank";
  h.init = {{"balances", {5, 5}}};
  RawOperation op;
  op.client = 2;
  op.f = "transfer";
  op.input = {0, 1, 3};
  op.call = 10;
  op.ret = 20;
  op.status = Status::ok;
  h.operations.push_back(op);
  op.f = "read";
  op.input = nullptr;
  op.status = Status::info;
  op.ret = never;
  h.operations.push_back(op);
  h.annotations.push_back({12, 15, "partition", "n1 | n2 <b>", 1});
  auto back = read_json_history(to_json_history(h));
  CHECK(back.model == "bank");
  CHECK(back.init == h.init);
  REQUIRE(back.operations.size() == 2);
  CHECK(back.operations[0].input == h.operations[0].input);
  CHECK(back.operations[0].ret == 20);
  CHECK(back.operations[1].ret == never);
  REQUIRE(back.annotations.size() == 1);
  CHECK(back.annotations[0].text == "n1 | n2 <b>");
  CHECK(*back.annotations[0].end == 15);
}

TEST_CASE("typed operations write to json and read back") {
  using models::Queue;
  std::vector<Queue::Op> ops = {
      {0, {true, 4}, {}, 0, 3}, {1, {false}, {false, 4}, 1, 5}, {2, {false}, {true, 0}, 6, 7}};
  auto raw = read_json_history(to_json_history(to_raw_history<Queue>(ops)));
  auto typed = to_typed(raw, Queue{});
  REQUIRE(typed.ops.size() == 3);
  CHECK(typed.ops[1].output.value == 4);
  CHECK(typed.ops[2].output.empty);
}

TEST_CASE("the format is recognised from the content") {
  CHECK(detect_format("\nINFO  jepsen.util - 4\t:invoke\t:read\tnil\n") == Format::etcd_log);
  CHECK(detect_format("{:process 1, :type :invoke}") == Format::edn);
  CHECK(detect_format("{\"history\": \"gauntlet\"}") == Format::json);
  CHECK_THROWS_AS(detect_format("hello"), HistoryError);
  CHECK_THROWS_AS(detect_format("  \n\n"), HistoryError);
}

TEST_CASE("malformed input names its line") {
  CHECK(error_line("INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - x\t:ok\t:read\t1\n",
                   Format::etcd_log) == 2);
  CHECK(error_line("INFO  jepsen.util - 1\t:ok\t:read\t1\n", Format::etcd_log) == 1);  // a return with no call
  CHECK(error_line("INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:invoke\t:read\tnil\n",
                   Format::etcd_log) == 2);  // a second call outstanding
  CHECK(error_line("INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:ok\t:write\t1\n",
                   Format::etcd_log) == 2);  // completes a different function
  CHECK(error_line("{:process 1, :type :invoke, :f :get}\n{:process 1 :type}\n", Format::edn) == 2);
  CHECK(error_line("{:process 1, :type :invoke, :f :get, :value \"abc}\n", Format::edn) == 1);
  CHECK(error_line("{:process 1, :type :invoke, :f :get, :value 99999999999999999999}\n", Format::edn) == 1);
  CHECK(error_line(std::string(200, '[') + "\n", Format::etcd_log) == 1);
  CHECK(error_line("{\"history\": \"gauntlet\"}\n{\"client\": 1, \"f\": \"read\", \"call\": \"soon\"}\n",
                   Format::json) == 2);
  CHECK(error_line("{\"history\": \"gauntlet\"}\n\n{oops\n", Format::json) == 3);
  CHECK(error_line("{\"client\": 1, \"f\": \"read\", \"call\": 5, \"return\": 2}\n", Format::json) == 1);
  CHECK(error_line("[1, 2]\n", Format::json) == 1);
}

TEST_CASE("values a model cannot read are rejected with their line") {
  auto h = read_etcd_log("INFO  jepsen.util - 1\t:invoke\t:write\t\"five\"\nINFO  jepsen.util - 1\t:ok\t:write\t5\n");
  try {
    to_typed(h, models::CasRegister{});
    FAIL("accepted a string write");
  } catch (const HistoryError& e) {
    CHECK(e.line == 1);
    CHECK(std::string(e.what()).find("integer") != std::string::npos);
  }
  auto q = read_json_history("{\"client\": 0, \"f\": \"fly\", \"call\": 0, \"return\": 1}\n");
  CHECK_THROWS_AS(to_typed(q, models::Queue{}), HistoryError);
}

TEST_CASE("etcd-log fields may be separated by runs of spaces") {
  auto h = read_etcd_log(
      "INFO  jepsen.util - 4    :invoke   :cas    [1 2]\n"
      "INFO  jepsen.util - 4  :ok  :cas  [1 2]\n");
  REQUIRE(h.operations.size() == 1);
  CHECK(h.operations[0].input == nlohmann::json::array({1, 2}));
  CHECK(h.operations[0].status == Status::ok);
}

TEST_CASE("a whole Jepsen log: only operation lines are taken, the nemesis's become annotations") {
  auto h = read_etcd_log(
      "INFO [2017-03-01 12:00:00,001] main - jepsen.core Running test etcd\n"
      "INFO [2017-03-01 12:00:00,010] jepsen test runner - jepsen.util Relative time begins now\n"
      "INFO [2017-03-01 12:00:00,011] jepsen worker 0 - jepsen.util 0\t:invoke\t:write\t3\n"
      "INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n"
      "java.net.SocketTimeoutException: Read timed out\n"
      "INFO [2017-03-01 12:00:00,013] jepsen worker 0 - jepsen.util 0\t:info\t:write\t3\tindeterminate: timed out\n");
  REQUIRE(h.operations.size() == 1);
  CHECK(h.operations[0].call_line == 3);
  CHECK(h.operations[0].ret_line == 6);
  CHECK(h.operations[0].status == Status::info);
  REQUIRE(h.annotations.size() == 1);
  CHECK(h.annotations[0].kind == "nemesis");
  CHECK(h.annotations[0].text.find("start") != std::string::npos);
  CHECK(h.annotations[0].time == 1);  // between the call (0) and the completion (1)
}

TEST_CASE("Knossos's layout: a vector or list of maps over several lines, with comments") {
  const char* text =
      "; a comment on the first line\n"
      "[{:process 0, :type :invoke,\n"
      "  :f :write, :value 1}\n"
      " ; a comment of its own\n"
      " {:process 0 :type :ok :f :write :value 1}]\n";
  CHECK(detect_format(text) == Format::edn);
  auto h = read_edn(text);
  REQUIRE(h.operations.size() == 1);
  CHECK(h.operations[0].call_line == 2);
  CHECK(h.operations[0].ret_line == 5);
  auto list = read_edn("({:process 0 :type :invoke :f :read}\n{:process 0 :type :ok :f :read :value 3})");
  REQUIRE(list.operations.size() == 1);
  CHECK(list.operations[0].output == 3);
  // Jepsen's one map per line still reads, comment lines between them too.
  CHECK(read_edn("{:process 1, :type :invoke, :f :read}\n;; note\n{:process 1, :type :ok, :f :read}\n")
            .operations.size() == 1);
}

TEST_CASE("malformed Knossos layouts name their line") {
  CHECK(error_line("[{:process 0, :type :invoke, :f :read}\n {:process 0, :type :ok, :f :read}\n", Format::edn) ==
        1);                                                                                        // never closed
  CHECK(error_line("[{:process 0, :type :invoke, :f :read}]\n{:process 0}\n", Format::edn) == 2);  // after the ]
  CHECK(error_line("[{:process 0,\n :type :invoke,\n :f}]\n", Format::edn) == 3);
  CHECK(error_line("[{:process 0, :type :invoke, :f :read}\n 42]\n", Format::edn) == 2);  // not a map
  CHECK(error_line("; only a comment\n", Format::etcd_log) == 1);
  CHECK(error_line("INFO  jepsen.core - Running\nINFO  jepsen.util - 1  :invoke  :read\n", Format::etcd_log) == 2);
}

TEST_CASE("jepsen.independent tuples split per key") {
  auto h = read_edn(
      "{:process 0, :type :invoke, :f :cas, :value [\"k\" [1 2]]}\n"
      "{:process 0, :type :ok, :f :cas, :value [\"k\" [1 2]]}\n");
  split_independent(h);
  CHECK(h.operations[0].key == "k");
  CHECK(h.operations[0].input == nlohmann::json::array({1, 2}));
  auto typed = to_typed(h, models::Independent<models::CasRegister>{});
  REQUIRE(typed.ops.size() == 1);
  CHECK(typed.ops[0].input.key == "\"k\"");
  auto other = read_edn(
      "{:process 0, :type :invoke, :f :read, :value [1 nil]}\n{:process 0, :type :ok, :f :read, :value [2 5]}\n");
  try {
    split_independent(other);
    FAIL("accepted a completion for another key");
  } catch (const HistoryError& e) {
    CHECK(e.line == 2);
  }
}

TEST_CASE(":fail under Jepsen's meaning is dropped; under etcd's a failed cas stays") {
  auto h = read_edn(
      "{:process 0, :type :invoke, :f :cas, :value [1 2]}\n{:process 0, :type :fail, :f :cas, :value [1 2]}\n");
  auto etcd = h;
  apply_fail_meaning(etcd, FailMeaning::etcd);
  CHECK(to_typed(etcd, models::CasRegister{}).ops.size() == 1);
  apply_fail_meaning(h, FailMeaning::jepsen);
  CHECK(h.operations.empty());
  CHECK(default_fail_meaning(Format::edn) == FailMeaning::jepsen);
  CHECK(default_fail_meaning(Format::etcd_log) == FailMeaning::etcd);
  CHECK(default_nil_read(Format::json, true) == NilRead::unknown);
  CHECK(default_nil_read(Format::json, false) == NilRead::absent);
}
