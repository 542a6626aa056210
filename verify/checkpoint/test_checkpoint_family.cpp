// What every member of the checkpoint family must do, over the family list
// or, in an adopt build, the adopted class alone: a checkpointer of ours
// passes every crash check (a known-bad one is caught by each check its
// caught_by names) and keeps its newest checkpoint over the real file system,
// across a restart; a snapshot state gives snapshots of one instant while a
// writer writes, under real threads (run under TSan too).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <type_traits>

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

using Checkpointers = keep_if<is_checkpointer, verified_implementations>;
using Snapshots = keep_if<is_snapshot_state, verified_implementations>;

}  // namespace

TEST_CASE("a checkpointer of ours passes every crash check; a known-bad one is caught by each it names",
          "[checkpoint]") {
  for_each_type(Checkpointers{}, [&]<class C>() {
    for (std::uint64_t seed : {1, 2}) {
      const crash::Scenario sc = crash::scenario_for(false, seed);
      if constexpr (C::kind == Kind::known_bad) {
        for (std::string_view check : C::caught_by) {
          INFO(C::name << " under " << check << " seed " << seed);
          const verify::CheckResult r = run_check<C>(check, sc);
          CHECK(r.violated);
          CHECK(r.details.at("recovery_failures").template get<std::uint64_t>() > 0);
        }
      } else {
        for (std::string_view check : all_checks) {
          INFO(C::name << " under " << check << " seed " << seed << ": ");
          const verify::CheckResult r = run_check<C>(check, sc);
          INFO(r.message);
          CHECK_FALSE(r.violated);
          CHECK(r.iterations > 0);
        }
      }
    }
  });
}

TEST_CASE("a checkpointer of ours over the real file system keeps its newest checkpoint across a restart",
          "[checkpoint]") {
  for_each_type(Checkpointers{}, [&]<class C>() {
    if constexpr (C::kind != Kind::known_bad) {
      INFO(C::name);
      const auto dir = std::filesystem::temp_directory_path() /
                       ("gauntlet-ckpt-test-" + std::to_string(::getpid()) + "-" + std::string(C::name));
      std::filesystem::remove_all(dir);
      {
        PosixFs fs(dir);
        C c(fs);
        CHECK_FALSE(c.recover().has_value());
        const crash::Scenario sc = crash::scenario_for(false, 3);
        REQUIRE(c.checkpoint(crash::state_of(sc, 0)));
        REQUIRE(c.checkpoint(crash::state_of(sc, 1)));
        C restarted(fs);
        const auto got = restarted.recover();
        REQUIRE(got.has_value());
        CHECK(*got == crash::state_of(sc, 1));
        REQUIRE(restarted.checkpoint(crash::state_of(sc, 2)));  // numbering continues after a restart
        CHECK(C(fs).recover() == crash::state_of(sc, 2));
        if constexpr (std::is_same_v<C, CrashSafeCheckpoint>) CHECK(fs.list().size() == 1);  // the old ones removed
      }
      std::filesystem::remove_all(dir);
    }
  });
}

TEST_CASE("a snapshot state of ours gives snapshots of one instant while the writer writes", "[checkpoint]") {
  for_each_type(Snapshots{}, [&]<class S>() {
    if constexpr (S::kind != Kind::known_bad) {
      for (std::size_t chunk : {1u, 4u, 64u}) {
        constexpr std::size_t words = 256;
        S s = [&] {
          if constexpr (requires { S(words, chunk); })
            return S(words, chunk);
          else
            return S(words);
        }();
        const verify::CheckResult r = snapcheck::stress_snapshot(words, 300, s);
        INFO(S::name << " chunk " << chunk << ": " << r.message);
        CHECK_FALSE(r.violated);
      }
    }
  });
}
