// Must not compile: a known-bad class that names no check to catch it (test_contract_errors.py).
#include "impls/rwlock/rwlock.hpp"
#include "impls/rwlock/std_shared_mutex.hpp"

namespace gauntlet::rwlock_contract_probe {
using namespace gauntlet::rwlock;
struct UncaughtBadLock : StdSharedMutexRwLock {
  static constexpr std::string_view name = "uncaught";
  static constexpr gauntlet::Kind kind = gauntlet::Kind::known_bad;
  static constexpr std::string_view description = "known-bad, but nothing is named to catch it";
};
inline constexpr std::string_view family_name = "probe";
using implementations = gauntlet::type_list<StdSharedMutexRwLock, UncaughtBadLock>;
using reference = StdSharedMutexRwLock;
GAUNTLET_FAMILY_CONTRACT(RwLock);
}  // namespace gauntlet::rwlock_contract_probe
