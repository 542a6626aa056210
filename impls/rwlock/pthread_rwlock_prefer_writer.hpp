#pragma once
// Peer: glibc's pthread_rwlock_t set to prefer writers. glibc honours writer
// preference only in its non-recursive form: a thread must not take a read
// lock it already holds, which no user of this interface does.
#include "impls/rwlock/pthread_rwlock.hpp"

namespace gauntlet::rwlock {

struct PthreadPreferWriterRwLock : BasicPthreadRwLock<PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP> {
  static constexpr std::string_view name = "pthread-prefer-writer";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description =
      "glibc pthread_rwlock_t with PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP";
  static constexpr bool writer_preferring = true;
};

}  // namespace gauntlet::rwlock
