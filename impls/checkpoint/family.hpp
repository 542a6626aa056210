#pragma once
// The checkpoint family: the one list of its implementations, the durable
// checkpointers over the Fs layer and the snapshot states in front of them
// (interface.hpp says what each kind offers).
#include <string_view>
#include <type_traits>

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
#include "impls/platform/adopted.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::checkpoint {

inline constexpr std::string_view family_name = "checkpoint";
using own_checkpointers = type_list<CrashSafeCheckpoint, SeedCheckpoint, NoFileFsyncCheckpoint, NoDirFsyncCheckpoint,
                                    RenameBeforeDurableCheckpoint, ChecksumUncheckedCheckpoint, FsyncRetryCheckpoint>;
using own_snapshots = type_list<LockedSnapshot, CowSnapshot, CowNoQuiesceSnapshot>;

// A class `scripts/gauntlet adopt` adds (none outside adopt) joins the list of its kind.
template <class T>
struct is_checkpointer : std::bool_constant<Checkpointer<T>> {};
template <class T>
struct is_snapshot_state : std::bool_constant<SnapshotState<T> && !Checkpointer<T>> {};
using adopted_members = adopted<"checkpoint">::type<>;
using checkpointers = decltype(concat(own_checkpointers{}, keep_if<is_checkpointer, adopted_members>{}));
using snapshots = decltype(concat(own_snapshots{}, keep_if<is_snapshot_state, adopted_members>{}));
// Appended whole, not by kind: the contract check below must see a class of neither kind.
using implementations = decltype(concat(concat(own_checkpointers{}, own_snapshots{}), adopted_members{}));
// What the verifiers and tests iterate (an adopt build: the adopted class alone).
using verified_implementations = verified<implementations, adopted_members>;
using reference = CrashSafeCheckpoint;
GAUNTLET_FAMILY_CONTRACT(Member);

}  // namespace gauntlet::checkpoint
