#pragma once
// The reader-writer lock family: its one implementation list.
#include <string_view>

#include "registry/family.hpp"
#include "rwlock/phase_fair.hpp"
#include "rwlock/phase_fair_relaxed.hpp"
#include "rwlock/pthread_rwlock.hpp"
#include "rwlock/pthread_rwlock_prefer_writer.hpp"
#include "rwlock/reader_scalable.hpp"
#include "rwlock/rwlock.hpp"
#include "rwlock/seed_no_reader_wait.hpp"
#include "rwlock/seed_writer_pref.hpp"
#include "rwlock/std_shared_mutex.hpp"

namespace gauntlet::rwlock {

inline constexpr std::string_view family_name = "rwlock";
inline constexpr std::string_view reference = StdSharedMutexRwLock::name;

using implementations =
    type_list<StdSharedMutexRwLock, PthreadRwLock, PthreadPreferWriterRwLock, SeedWriterPrefRwLock,
              PhaseFairRwLock, ReaderScalableRwLock, SeedNoReaderWaitRwLock, PhaseFairRelaxedRwLock>;

inline FamilyInfo describe_family() { return describe<implementations>(family_name); }

template <class... Ts>
constexpr bool all_offer_interface(type_list<Ts...>) {
  return (RwLock<Ts> && ...);
}
static_assert(all_offer_interface(implementations{}), "every rwlock implementation offers rwlock.hpp's interface");

}  // namespace gauntlet::rwlock
