// Must not compile: LockWithoutTryShared lacks try_lock_shared (test_contract_errors.py).
#include "impls/rwlock/rwlock.hpp"
#include "impls/rwlock/std_shared_mutex.hpp"
namespace gauntlet::rwlock_contract_probe {
using namespace gauntlet::rwlock;
struct LockWithoutTryShared {
  static constexpr std::string_view name = "no-try-shared";
  static constexpr gauntlet::Kind kind = gauntlet::Kind::ours;
  static constexpr std::string_view description = "lacks try_lock_shared";
  static constexpr bool writer_preferring = false;
  void lock();
  void unlock();
  void lock_shared();
  void unlock_shared();
  bool try_lock();
};
inline constexpr std::string_view family_name = "probe";
using implementations = gauntlet::type_list<StdSharedMutexRwLock, LockWithoutTryShared>;
using reference = StdSharedMutexRwLock;
GAUNTLET_FAMILY_CONTRACT(RwLock);
}  // namespace gauntlet::rwlock_contract_probe
