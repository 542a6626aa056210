// The family's own classes by name: the crash-safe checkpointer's failed
// sync, the seed's in-process bytes, the consistency predicate. What every
// member must do is in test_checkpoint_family.cpp.
#include <catch2/catch.hpp>

#include "impls/checkpoint/family.hpp"
#include "verify/checkpoint/crash_check.hpp"
#include "verify/checkpoint/snapshot_check.hpp"

using namespace gauntlet;
using namespace gauntlet::checkpoint;

TEST_CASE("the crash-safe checkpointer reports a failed sync as a failed checkpoint", "[checkpoint]") {
  const crash::Scenario sc = crash::scenario_for(false, 1);
  const crash::Run run = crash::drive<CrashSafeCheckpoint>(sc, 0);
  REQUIRE(run.acked.size() == sc.checkpoints);
  CHECK(run.acked[0] == crash::npos);
  CHECK(run.acked[1] != crash::npos);
  std::size_t syncs_of_first = 0, creates = 0;
  for (std::size_t i = 0; i < run.log.size(); ++i) {
    if (run.log[i].type == OpType::create && ++creates == 2) break;  // the second checkpoint begins
    if (run.log[i].type == OpType::fsync) ++syncs_of_first;
    CHECK(run.log[i].type != OpType::rename);  // a failed checkpoint is never renamed into place
  }
  CHECK(syncs_of_first == 1);  // no retry
}

TEST_CASE("the seed's checkpoint keeps the exact bytes while the process lives", "[checkpoint]") {
  RecordingFs fs;
  SeedCheckpoint c(fs);
  for (std::size_t n : {0u, 1u, 2u, 3u, 100u}) {
    bytes b(n);
    for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::byte>(i * 37 + 1);
    REQUIRE(c.checkpoint(b));
    CHECK(c.recover() == b);
  }
  CHECK(fs.log().empty());
}

TEST_CASE("the consistency predicate rejects a torn snapshot", "[checkpoint]") {
  CHECK(snapcheck::consistent({3, 3, 2, 2}).empty());
  CHECK(snapcheck::consistent({2, 2, 2, 2}).empty());
  CHECK_FALSE(snapcheck::consistent({2, 3, 2, 2}).empty());
  CHECK_FALSE(snapcheck::consistent({4, 3, 3, 2}).empty());
}
