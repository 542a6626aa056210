#pragma once
// Known-bad: recovery checks the header's structure but never the checksum, so a
// file with a torn or lost sector (its length still right) is returned as
// the state.
#include <string_view>

#include "impls/checkpoint/crash_safe_base.hpp"

namespace gauntlet::checkpoint {

class ChecksumUncheckedCheckpoint : public BasicCrashSafeCheckpoint<Bug::checksum_unchecked> {
 public:
  static constexpr std::string_view name = "checksum-unchecked";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description = "crash-safe whose recovery never verifies the XXH3 checksum";
  static constexpr auto caught_by = checks("crash-reorder", "crash-torn-sector");
  using BasicCrashSafeCheckpoint<Bug::checksum_unchecked>::BasicCrashSafeCheckpoint;
};

}  // namespace gauntlet::checkpoint
