#pragma once
// Known-bad: the directory is not fsynced after the rename, so the rename (and
// the temporary file's creation) may not be on disk when the checkpoint is
// acknowledged: recovery after a power loss finds an older one, or none.
#include <string_view>

#include "impls/checkpoint/crash_safe_base.hpp"

namespace gauntlet::checkpoint {

class NoDirFsyncCheckpoint : public BasicCrashSafeCheckpoint<Bug::no_dir_fsync> {
 public:
  static constexpr std::string_view name = "no-dir-fsync";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description = "crash-safe without the fsync of the directory after the rename";
  static constexpr auto caught_by = checks("crash-prefix", "crash-reorder");
  using BasicCrashSafeCheckpoint<Bug::no_dir_fsync>::BasicCrashSafeCheckpoint;
};

}  // namespace gauntlet::checkpoint
