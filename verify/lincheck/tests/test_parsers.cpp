// The three formats: reading, recognising, and rejecting malformed input
// with the line at fault.
#include <catch2/catch.hpp>

#include <string>

#include "verify/lincheck/models/all.hpp"
#include "verify/lincheck/parsers.hpp"
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
