#pragma once
// Peer: std::shared_mutex, the family's reference. libstdc++ builds it on
// pthread_rwlock_t with default attributes, so it prefers readers.
#include <shared_mutex>
#include <string_view>

#include "impls/registry/registry.hpp"

namespace gauntlet::rwlock {

class StdSharedMutexRwLock {
 public:
  static constexpr std::string_view name = "std-shared-mutex";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description = "std::shared_mutex (libstdc++: pthread_rwlock_t), the reference";
  static constexpr bool writer_preferring = false;

  void lock() { m_.lock(); }
  void unlock() { m_.unlock(); }
  void lock_shared() { m_.lock_shared(); }
  void unlock_shared() { m_.unlock_shared(); }
  bool try_lock() { return m_.try_lock(); }
  bool try_lock_shared() { return m_.try_lock_shared(); }

 private:
  std::shared_mutex m_;
};

}  // namespace gauntlet::rwlock
