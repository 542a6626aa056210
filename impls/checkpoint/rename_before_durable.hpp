#pragma once
// Known-bad: the rename comes before the fdatasync: between the two the new name
// (replacing the old checkpoint) may reach the disk ahead of the data it
// names, so a power loss there leaves no valid checkpoint at all.
#include <string_view>

#include "impls/checkpoint/crash_safe_base.hpp"

namespace gauntlet::checkpoint {

class RenameBeforeDurableCheckpoint : public BasicCrashSafeCheckpoint<Bug::rename_before_durable> {
 public:
  static constexpr std::string_view name = "rename-before-durable";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "crash-safe with the rename before the temporary file's data is durable";
  static constexpr auto caught_by = checks("crash-reorder");
  using BasicCrashSafeCheckpoint<Bug::rename_before_durable>::BasicCrashSafeCheckpoint;
};

}  // namespace gauntlet::checkpoint
