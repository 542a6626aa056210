// Every reference history gets the verdict its README gives.
#include <catch2/catch.hpp>

#include "verify/lincheck/tests/shared_histories.hpp"

using namespace gauntlet::lincheck;
using namespace gauntlet::lincheck::testing;

TEST_CASE("reference histories get their README verdicts") {
  auto dir = shared_histories_dir();
  if (!std::filesystem::exists(dir / "README.md")) {
    WARN("skipped: no reference histories at " << dir.string() << " (set GAUNTLET_SHARED_DIR)");
    return;
  }
  for (const auto& h : shared_histories()) {
    INFO(h.path);
    auto r = check_shared(h, read_text(dir / h.path));
    CHECK(r.verdict == (h.linearizable ? Verdict::linearizable : Verdict::not_linearizable));
    if (!h.linearizable) {
      // A violation comes with the longest partial linearization found.
      bool has_partial = false;
      for (const auto& p : r.partitions)
        has_partial |= p.verdict == Verdict::not_linearizable && !p.linearizations.empty();
      CHECK(has_partial);
    }
  }
}

TEST_CASE("kv verdicts do not depend on splitting per key") {
  auto dir = shared_histories_dir();
  if (!std::filesystem::exists(dir / "kv")) {
    WARN("skipped: no reference histories at " << dir.string());
    return;
  }
  CheckOptions whole;
  whole.partition = false;
  for (const char* name : {"kv/c01-ok.txt", "kv/c01-bad.txt", "kv/c10-ok.txt", "kv/c10-bad.txt"}) {
    INFO(name);
    auto r = check_text<models::Kv>(read_text(dir / name), whole);
    CHECK(r.verdict ==
          (std::string(name).find("-ok") != std::string::npos ? Verdict::linearizable : Verdict::not_linearizable));
  }
}

TEST_CASE("on one thread a cheap failing partition still settles a history") {
  auto dir = shared_histories_dir();
  if (!std::filesystem::exists(dir / "kv")) {
    WARN("skipped: no reference histories at " << dir.string());
    return;
  }
  // c50-bad has a failing key that is quick to refute and another that is
  // very slow to: partitions are settled smallest first, and one failure
  // stops the rest.
  CheckOptions one;
  one.threads = 1;
  one.memory_budget_bytes = 256 << 20;
  CHECK(check_text<models::Kv>(read_text(dir / "kv/c50-bad.txt"), one).verdict == Verdict::not_linearizable);
}
