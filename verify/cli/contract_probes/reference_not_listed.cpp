// Must not compile: the reference is not one of the family's implementations (test_contract_errors.py).
#include "impls/rwlock/pthread_rwlock.hpp"
#include "impls/rwlock/rwlock.hpp"
#include "impls/rwlock/std_shared_mutex.hpp"

namespace gauntlet::rwlock_contract_probe {
using namespace gauntlet::rwlock;
inline constexpr std::string_view family_name = "probe";
using implementations = gauntlet::type_list<PthreadRwLock>;
using reference = StdSharedMutexRwLock;
GAUNTLET_FAMILY_CONTRACT(RwLock);
}  // namespace gauntlet::rwlock_contract_probe
