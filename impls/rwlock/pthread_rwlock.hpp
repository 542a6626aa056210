#pragma once
// Peer: POSIX pthread_rwlock_t, with the glibc lock kind chosen at
// construction. The default kind prefers readers.
#include <pthread.h>

#include <cerrno>
#include <cstdlib>
#include <string_view>

#include "impls/registry/registry.hpp"

namespace gauntlet::rwlock {

template <int LockKind>
class BasicPthreadRwLock {
 public:
  BasicPthreadRwLock() {
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, LockKind);
    pthread_rwlock_init(&l_, &attr);
    pthread_rwlockattr_destroy(&attr);
  }
  ~BasicPthreadRwLock() { pthread_rwlock_destroy(&l_); }
  BasicPthreadRwLock(const BasicPthreadRwLock&) = delete;
  BasicPthreadRwLock& operator=(const BasicPthreadRwLock&) = delete;

  // The blocking calls fail only on misuse (EDEADLK) or on a reader count
  // overflow; either is a bug in the caller, so it is fatal rather than ignored.
  void lock() { check(pthread_rwlock_wrlock(&l_)); }
  void unlock() { check(pthread_rwlock_unlock(&l_)); }
  void lock_shared() { check(pthread_rwlock_rdlock(&l_)); }
  void unlock_shared() { check(pthread_rwlock_unlock(&l_)); }
  bool try_lock() { return pthread_rwlock_trywrlock(&l_) == 0; }
  bool try_lock_shared() { return pthread_rwlock_tryrdlock(&l_) == 0; }

 private:
  static void check(int rc) {
    if (rc != 0) std::abort();
  }
  pthread_rwlock_t l_;
};

struct PthreadRwLock : BasicPthreadRwLock<PTHREAD_RWLOCK_DEFAULT_NP> {
  static constexpr std::string_view name = "pthread-rwlock";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description = "glibc pthread_rwlock_t, default attributes (prefers readers)";
  static constexpr bool writer_preferring = false;
};

}  // namespace gauntlet::rwlock
