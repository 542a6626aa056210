#pragma once
// The reader-writer lock family: its one implementation list, its reference
// and its interface (rwlock.hpp), checked by the registry's contract.
#include <string_view>

#include "impls/platform/adopted.hpp"
#include "impls/registry/registry.hpp"
#include "impls/rwlock/phase_fair.hpp"
#include "impls/rwlock/phase_fair_relaxed.hpp"
#include "impls/rwlock/pthread_rwlock.hpp"
#include "impls/rwlock/pthread_rwlock_prefer_writer.hpp"
#include "impls/rwlock/reader_scalable.hpp"
#include "impls/rwlock/rwlock.hpp"
#include "impls/rwlock/seed_no_reader_wait.hpp"
#include "impls/rwlock/seed_writer_pref.hpp"
#include "impls/rwlock/std_shared_mutex.hpp"

namespace gauntlet::rwlock {

inline constexpr std::string_view family_name = "rwlock";
using implementations =
    with_adopted<"rwlock",
                 type_list<StdSharedMutexRwLock, PthreadRwLock, PthreadPreferWriterRwLock, SeedWriterPrefRwLock,
                           PhaseFairRwLock, ReaderScalableRwLock, SeedNoReaderWaitRwLock, PhaseFairRelaxedRwLock>>;
// What the verifiers and tests iterate (an adopt build: the adopted class alone).
using verified_implementations = verified<implementations, adopted<"rwlock">::type<>>;
using reference = StdSharedMutexRwLock;
GAUNTLET_FAMILY_CONTRACT(RwLock);

}  // namespace gauntlet::rwlock
