#pragma once
// Known-bad: after an fdatasync fails (EIO) it retries, and trusts the retry: Linux
// has marked the failed pages clean, so the retry succeeds with the data
// lost, and the checkpoint is acknowledged and renamed over the old one.
#include <string_view>

#include "impls/checkpoint/crash_safe_base.hpp"

namespace gauntlet::checkpoint {

class FsyncRetryCheckpoint : public BasicCrashSafeCheckpoint<Bug::fsync_retry> {
 public:
  static constexpr std::string_view name = "fsync-retry";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "crash-safe that retries a failed fdatasync once and trusts its success";
  static constexpr auto caught_by = checks("crash-fsync-eio");
  using BasicCrashSafeCheckpoint<Bug::fsync_retry>::BasicCrashSafeCheckpoint;
};

}  // namespace gauntlet::checkpoint
