#pragma once
// Ours: the crash-consistent checkpoint of crash_safe_base.hpp (temporary
// file, fdatasync, rename, directory fsync; XXH3-checked header; recovery takes
// the newest valid file and ignores torn or partial ones).
#include <string_view>

#include "impls/checkpoint/crash_safe_base.hpp"

namespace gauntlet::checkpoint {

class CrashSafeCheckpoint : public BasicCrashSafeCheckpoint<Bug::none> {
 public:
  static constexpr std::string_view name = "crash-safe";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "temporary file, fdatasync, rename, directory fsync; XXH3-checked header; recovery takes the newest valid "
      "file; a failed sync fails the checkpoint";
  using BasicCrashSafeCheckpoint<Bug::none>::BasicCrashSafeCheckpoint;
};

}  // namespace gauntlet::checkpoint
