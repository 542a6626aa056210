#pragma once
// The reader-writer lock interface every implementation of the family offers.
//
//   lock() / unlock()                 exclusive (writer) ownership
//   lock_shared() / unlock_shared()   shared (reader) ownership
//   try_lock() / try_lock_shared()    never block; true when ownership was taken
//
// plus the registry's name / kind / description, and `writer_preferring`: true
// when a writer that is waiting keeps new readers out (a new try_lock_shared
// fails and a new lock_shared blocks until that writer has been in). The tests
// check that property for every implementation that claims it.
#include <concepts>
#include <string_view>

#include "impls/registry/registry.hpp"

namespace gauntlet::rwlock {

template <class L>
concept RwLock = requires(L& l) {
  l.lock();
  l.unlock();
  l.lock_shared();
  l.unlock_shared();
  { l.try_lock() } -> std::same_as<bool>;
  { l.try_lock_shared() } -> std::same_as<bool>;
  { L::writer_preferring } -> std::convertible_to<bool>;
};

}  // namespace gauntlet::rwlock
