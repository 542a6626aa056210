// The checkpointers: every known-bad variant is caught by each check its
// caught_by names, ours passes them all; ours over the real file system; the
// snapshot states under real threads (run under TSan too).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "impls/checkpoint/family.hpp"
#include "impls/checkpoint/posix_fs.hpp"
#include "verify/checkpoint/crash_check.hpp"
#include "verify/checkpoint/snapshot_check.hpp"

using namespace gauntlet;
using namespace gauntlet::checkpoint;

namespace {

template <class C>
verify::CheckResult run_check(std::string_view check, const crash::Scenario& sc) {
  if (check == "survives-crash") return crash::survives_crash<C>(sc);
  if (check == "crash-prefix") return crash::crash_prefix<C>(sc);
  if (check == "crash-reorder") return crash::crash_reorder<C>(sc);
  if (check == "crash-fsync-eio") return crash::crash_fsync_eio<C>(sc);
  if (check == "crash-torn-sector") return crash::crash_torn_sector<C>(sc);
  FAIL("no such check: " << check);
  return {};
}

constexpr std::string_view all_checks[] = {"survives-crash", "crash-prefix", "crash-reorder", "crash-fsync-eio",
                                           "crash-torn-sector"};

}  // namespace

TEMPLATE_TEST_CASE("a known-bad checkpointer is caught by each check it names", "[checkpoint]", SeedCheckpoint,
                   NoFileFsyncCheckpoint, NoDirFsyncCheckpoint, RenameBeforeDurableCheckpoint,
                   ChecksumUncheckedCheckpoint, FsyncRetryCheckpoint) {
  const crash::Scenario sc = crash::scenario_for(false, 1);
  for (std::string_view check : TestType::caught_by) {
    INFO(TestType::name << " under " << check);
    const verify::CheckResult r = run_check<TestType>(check, sc);
    CHECK(r.violated);
    CHECK(r.details.at("recovery_failures").get<std::uint64_t>() > 0);
  }
}

TEST_CASE("the crash-safe checkpointer passes every crash check", "[checkpoint]") {
  for (std::uint64_t seed : {1, 2}) {
    const crash::Scenario sc = crash::scenario_for(false, seed);
    for (std::string_view check : all_checks) {
      INFO("check " << check << " seed " << seed);
      const verify::CheckResult r = run_check<CrashSafeCheckpoint>(check, sc);
      CHECK_FALSE(r.violated);
      CHECK(r.message.empty());
      CHECK(r.iterations > 0);
    }
  }
}

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

TEST_CASE("the crash-safe checkpointer over the real file system", "[checkpoint]") {
  const auto dir = std::filesystem::temp_directory_path() / ("gauntlet-ckpt-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    PosixFs fs(dir);
    CrashSafeCheckpoint c(fs);
    CHECK_FALSE(c.recover().has_value());
    const crash::Scenario sc = crash::scenario_for(false, 3);
    REQUIRE(c.checkpoint(crash::state_of(sc, 0)));
    REQUIRE(c.checkpoint(crash::state_of(sc, 1)));
    CrashSafeCheckpoint restarted(fs);
    const auto got = restarted.recover();
    REQUIRE(got.has_value());
    CHECK(*got == crash::state_of(sc, 1));
    REQUIRE(restarted.checkpoint(crash::state_of(sc, 2)));  // numbering continues after a restart
    CHECK(CrashSafeCheckpoint(fs).recover() == crash::state_of(sc, 2));
    CHECK(fs.list().size() == 1);
  }
  std::filesystem::remove_all(dir);
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

TEMPLATE_TEST_CASE("a snapshot state gives snapshots of one instant while the writer writes", "[checkpoint]",
                   LockedSnapshot, CowSnapshot) {
  for (std::size_t chunk : {1u, 4u, 64u}) {
    constexpr std::size_t words = 256;
    TestType s = [&] {
      if constexpr (std::is_same_v<TestType, CowSnapshot>)
        return TestType(words, chunk);
      else
        return TestType(words);
    }();
    const verify::CheckResult r = snapcheck::stress_snapshot(words, 300, s);
    INFO(r.message);
    CHECK_FALSE(r.violated);
  }
}

TEST_CASE("the consistency predicate rejects a torn snapshot", "[checkpoint]") {
  CHECK(snapcheck::consistent({3, 3, 2, 2}).empty());
  CHECK(snapcheck::consistent({2, 2, 2, 2}).empty());
  CHECK_FALSE(snapcheck::consistent({2, 3, 2, 2}).empty());
  CHECK_FALSE(snapcheck::consistent({4, 3, 3, 2}).empty());
}
