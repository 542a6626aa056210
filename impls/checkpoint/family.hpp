#pragma once
// The checkpoint family: the one list of its implementations, the durable
// checkpointers over the Fs layer and the snapshot states in front of them
// (interface.hpp says what each kind offers).
#include <string_view>

#include "impls/checkpoint/checksum_unchecked.hpp"
#include "impls/checkpoint/cow_base.hpp"
#include "impls/checkpoint/cow_no_quiesce.hpp"
#include "impls/checkpoint/crash_safe.hpp"
#include "impls/checkpoint/fsync_retry.hpp"
#include "impls/checkpoint/interface.hpp"
#include "impls/checkpoint/locked_snapshot.hpp"
#include "impls/checkpoint/no_dir_fsync.hpp"
#include "impls/checkpoint/no_file_fsync.hpp"
#include "impls/checkpoint/rename_before_durable.hpp"
#include "impls/checkpoint/seed.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::checkpoint {

inline constexpr std::string_view family_name = "checkpoint";
using checkpointers = type_list<CrashSafeCheckpoint, SeedCheckpoint, NoFileFsyncCheckpoint, NoDirFsyncCheckpoint,
                                RenameBeforeDurableCheckpoint, ChecksumUncheckedCheckpoint, FsyncRetryCheckpoint>;
using snapshots = type_list<LockedSnapshot, CowSnapshot, CowNoQuiesceSnapshot>;
using implementations = decltype(concat(checkpointers{}, snapshots{}));
using reference = CrashSafeCheckpoint;
GAUNTLET_FAMILY_CONTRACT(Member);

}  // namespace gauntlet::checkpoint
