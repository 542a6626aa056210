// gauntlet-check as a user runs it: exit statuses, one line per file, and
// FILE:LINE messages on bad input.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace {

struct Run {
  int status;
  std::string out;  // stdout and stderr together
};

Run run(const std::string& args) {
  std::string cmd = std::string(GAUNTLET_CHECK_BIN) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  std::array<char, 4096> buf;
  for (std::size_t n; (n = fread(buf.data(), 1, buf.size(), p)) > 0;) out.append(buf.data(), n);
  int raw = pclose(p);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out};
}

std::string data(const char* name) { return std::string(LINCHECK_TESTDATA) + "/" + name; }
bool has(const std::string& out, const std::string& what) { return out.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("exit status follows the verdict") {
  auto ok = run("--model cas-register " + data("ok.log"));
  CHECK(ok.status == 0);
  CHECK(has(ok.out, "ok.log: linearizable, 3 operations"));
  auto bad = run("--model cas-register --format etcd-log " + data("stale_read.log"));
  CHECK(bad.status == 1);
  CHECK(has(bad.out, "not-linearizable"));
  // The worst of several files, one line each.
  auto both = run("--model cas-register " + data("ok.log") + " " + data("stale_read.log"));
  CHECK(both.status == 1);
  CHECK(has(both.out, "ok.log: linearizable"));
  CHECK(has(both.out, "stale_read.log: not-linearizable"));
}

TEST_CASE("a search that cannot finish is unknown (exit 2) at its timeout or memory budget") {
  auto timed = run("--timeout 0.3 " + data("hopeless.json"));
  CHECK(timed.status == 2);
  CHECK(has(timed.out, "hopeless.json: unknown, 61 operations"));
  CHECK(has(timed.out, "timeout"));
  auto memory = run("--memory-budget 8 " + data("hopeless.json"));
  CHECK(memory.status == 2);
  CHECK(has(memory.out, "memory budget"));
}

TEST_CASE("--json prints the same results as JSON") {
  auto r = run("--json --model cas-register " + data("ok.log"));
  CHECK(r.status == 0);
  CHECK(has(r.out, "\"verdict\": \"linearizable\""));
  CHECK(has(r.out, "\"operations\": 3"));
}

TEST_CASE("the model may come from a json header") {
  auto r = run(data("evil.json"));
  CHECK(r.status == 0);
  auto wrong = run("--model queue " + data("evil.json"));
  CHECK(wrong.status == 3);
  CHECK(has(wrong.out, "evil.json:1: the history is for model 'kv'"));
}

TEST_CASE("bad input is exit 3 with FILE:LINE") {
  auto unmatched = run("--model cas-register " + data("unmatched.log"));
  CHECK(unmatched.status == 3);
  CHECK(has(unmatched.out, "unmatched.log:2: :ok for process 3 which has no outstanding invoke"));
  auto edn = run("--model kv " + data("malformed.edn"));
  CHECK(edn.status == 3);
  CHECK(has(edn.out, "malformed.edn:2: map key \"value\" has no value"));
  auto wrong_model = run("--model queue " + data("ok.log"));
  CHECK(wrong_model.status == 3);
  CHECK(has(wrong_model.out, "ok.log:1: write: not an operation of queue"));
  auto missing = run("--model kv /nonexistent/history.edn");
  CHECK(missing.status == 3);
  CHECK(has(missing.out, "/nonexistent/history.edn: cannot read"));
}

TEST_CASE("usage errors are exit 3; --help lists the models") {
  CHECK(run("").status == 3);
  CHECK(run("--model nosuch " + data("ok.log")).status == 3);
  CHECK(run("--model kv --format yaml " + data("ok.log")).status == 3);
  CHECK(run("--model kv --timeout -1 " + data("ok.log")).status == 3);
  CHECK(run("--model kv --timeout").status == 3);
  CHECK(run("--model kv --bogus " + data("ok.log")).status == 3);
  auto help = run("--help");
  CHECK(help.status == 0);
  for (const char* model : {"register", "cas-register", "kv", "queue", "set", "counter", "bank"})
    CHECK(has(help.out, std::string("  ") + model + " "));
  CHECK(has(help.out, "enqueue(v)"));
}
