#pragma once
// Known-bad: the temporary file is renamed into place without an fdatasync,
// so a power loss can leave the new name over a file whose data never
// reached the disk, after the old checkpoint's name is gone.
#include <string_view>

#include "impls/checkpoint/crash_safe_base.hpp"

namespace gauntlet::checkpoint {

class NoFileFsyncCheckpoint : public BasicCrashSafeCheckpoint<Bug::no_file_fsync> {
 public:
  static constexpr std::string_view name = "no-file-fsync";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description = "crash-safe without the fdatasync of the temporary file";
  static constexpr auto caught_by = checks("crash-prefix", "crash-reorder");
  using BasicCrashSafeCheckpoint<Bug::no_file_fsync>::BasicCrashSafeCheckpoint;
};

}  // namespace gauntlet::checkpoint
