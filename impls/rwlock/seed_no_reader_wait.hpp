#pragma once
// Known-bad: the seed's lock with a writer that waits only for other writers,
// not for the readers inside. A writer then enters while readers read.
#include "impls/rwlock/seed_writer_pref.hpp"

namespace gauntlet::rwlock {

struct SeedNoReaderWaitRwLock : BasicSeedRwLock<false> {
  static constexpr std::string_view name = "seed-no-reader-wait";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "the seed's lock with a writer that does not wait for active readers to leave";
  static constexpr auto caught_by = checks("relacy-mutual-exclusion", "relacy-context-bound");
};

}  // namespace gauntlet::rwlock
