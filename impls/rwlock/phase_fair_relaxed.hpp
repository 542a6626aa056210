#pragma once
// Known-bad: the phase-fair lock with a relaxed reader entry. A reader that
// arrives just after a writer left enters without synchronising with it, and
// may read the data that writer wrote before it wrote it (a data race).
#include "impls/rwlock/phase_fair.hpp"

namespace gauntlet::rwlock {

struct PhaseFairRelaxedRwLock : BasicPhaseFairRwLock<std::memory_order_relaxed> {
  static constexpr std::string_view name = "phase-fair-relaxed";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "the phase-fair lock with a relaxed reader entry where acquire is needed";
  static constexpr auto caught_by = checks("relacy-mutual-exclusion", "relacy-context-bound");
};

}  // namespace gauntlet::rwlock
