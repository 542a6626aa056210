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
  for (const char* model : {"register", "cas-register", "kv", "queue", "set", "counter", "bank", "mutex",
                            "multi-register", "unordered-queue"})
    CHECK(has(help.out, std::string("  ") + model + " "));
  CHECK(has(help.out, "enqueue(v)"));
}

TEST_CASE("every layout Jepsen and Knossos write is read") {
  struct Case {
    const char* args;
    const char* file;
    int status;
    const char* says;
  };
  const Case cases[] = {
      {"--model cas-register", "spaces.log", 0, "spaces.log: linearizable, 3 operations"},
      {"--model cas-register", "nemesis.log", 0, "nemesis.log: linearizable, 2 operations"},
      {"--model cas-register", "jepsen_full.log", 0, "jepsen_full.log: linearizable, 4 operations"},
      {"--model cas-register", "knossos.edn", 0, "knossos.edn: linearizable, 2 operations"},
      {"--model cas-register", "knossos_list.edn", 1, "knossos_list.edn: not-linearizable, 2 operations"},
      {"--model cas-register --independent", "independent.edn", 0, "independent.edn: linearizable, 5 operations"},
      {"--model cas-register --independent", "independent_bad.edn", 1, "(key \"2\")"},
  };
  for (const auto& c : cases) {
    auto r = run(std::string(c.args) + " " + data(c.file));
    INFO(c.file << ": " << r.out);
    CHECK(r.status == c.status);
    CHECK(has(r.out, c.says));
  }
}

TEST_CASE("malformed input in the new layouts is FILE:LINE and exit 3") {
  auto unclosed = run("--model cas-register " + data("knossos_unclosed.edn"));
  CHECK(unclosed.status == 3);
  CHECK(has(unclosed.out, "knossos_unclosed.edn:5: map key \"value\" has no value"));
  auto spaces = run("--model cas-register " + data("spaces_malformed.log"));
  CHECK(spaces.status == 3);
  CHECK(has(spaces.out, "spaces_malformed.log:2: unexpected text after the value: 'oops'"));
  auto untupled = run("--model cas-register --independent " + data("fail_meaning.edn"));
  CHECK(untupled.status == 3);
  CHECK(has(untupled.out, "fail_meaning.edn:5: write: expected a [key value] tuple"));
  auto dir = run("--model cas-register " + std::string(LINCHECK_TESTDATA));
  CHECK(dir.status == 3);
  CHECK(has(dir.out, "data: is a directory"));
  CHECK(!has(dir.out, "empty"));
}

TEST_CASE("the two meanings of :fail give their documented verdicts") {
  // fail_meaning.edn: a cas fails while the register holds its old value throughout.
  auto jepsen = run("--model cas-register " + data("fail_meaning.edn"));  // edn's default
  CHECK(jepsen.status == 0);
  CHECK(run("--model cas-register --fail jepsen " + data("fail_meaning.edn")).status == 0);
  auto etcd = run("--model cas-register --fail etcd " + data("fail_meaning.edn"));
  CHECK(etcd.status == 1);
  CHECK(has(etcd.out, "not-linearizable, 3 operations"));
  auto reading = run("--json --model cas-register " + data("fail_meaning.edn"));
  CHECK(has(reading.out, "\"reading\": \"fail jepsen, nil-read unknown\""));
  auto log = run("--json --model cas-register " + data("ok.log"));  // etcd-log's defaults
  CHECK(has(log.out, "\"reading\": \"fail etcd, nil-read absent\""));
}

TEST_CASE("the initial value and the nil-read reading of the register models") {
  // initial_value.edn: a read of 0 before any write, a read of nil after one.
  CHECK(run("--model cas-register " + data("initial_value.edn")).status == 1);  // starts absent
  CHECK(run("--model cas-register --initial-value 0 " + data("initial_value.edn")).status == 0);
  CHECK(run("--model register " + data("initial_value.edn")).status == 0);  // register starts at 0
  CHECK(run("--model cas-register --initial-value 0 --nil-read absent " + data("initial_value.edn")).status == 1);
  CHECK(run("--model register --nil-read absent " + data("initial_value.edn")).status == 3);  // nil is no integer
  CHECK(run("--model cas-register --initial-value x " + data("ok.log")).status == 3);
  auto kv = run("--model kv --initial-value 0 " + data("ok.log"));
  CHECK(kv.status == 3);
  CHECK(has(kv.out, "apply to the register models only"));
}

TEST_CASE("the new models from the command line") {
  CHECK(run("--model mutex " + data("mutex.edn")).status == 0);
  CHECK(run("--model mutex " + data("mutex_bad.edn")).status == 1);
  CHECK(run("--model multi-register " + data("multi_register.edn")).status == 0);
  CHECK(run("--model multi-register " + data("multi_register_bad.edn")).status == 1);
  CHECK(run("--model unordered-queue " + data("unordered_queue.edn")).status == 0);
  CHECK(run("--model unordered-queue " + data("unordered_queue_bad.edn")).status == 1);
}

TEST_CASE("--repeat reports the median of warm runs") {
  auto r = run("--model cas-register --repeat 3 " + data("ok.log"));
  CHECK(r.status == 0);
  CHECK(has(r.out, "over 3 warm runs"));
  auto j = run("--json --model cas-register --repeat 3 " + data("ok.log"));
  CHECK(has(j.out, "\"repeat\": 3"));
  CHECK(has(j.out, "\"median_millis\""));
  CHECK(run("--model cas-register --repeat 0 " + data("ok.log")).status == 3);
}
