#pragma once
// The queue family: bounded queues of T. One interface for every entry:
//
//   explicit Q(std::size_t capacity)
//   Status try_push(const T&) / push(const T&) / push_until(const T&, steady_clock::time_point)
//   Status try_pop(T&)        / pop(T&)        / pop_until(T&, steady_clock::time_point)
//   void close()              refuses pushes; what was accepted stays poppable
//   max_producers / max_consumers (0: any), rebind<U> (the same queue of U)
//
// mutex-condvar blocks natively; every lock-free entry (ours and peers) is a
// non-blocking core under Blocking<> (blocking.hpp).
#include <cstdint>
#include <string_view>

#include "queue/ours.hpp"
#include "queue/peers.hpp"
#include "registry/family.hpp"

namespace gauntlet::queue {

inline constexpr std::string_view family_name = "queue";

using peers = type_list<
    Blocking<BoostSpscQueue<element>>,
    Blocking<BoostQueue<element>>,
    Blocking<MoodycamelQueue<element>>,
    Blocking<ReaderWriterQueue<element>>,
    Blocking<AtomicQueue<element>>,
    Blocking<TbbBoundedQueue<element>>>;

template <class... A, class... B>
type_list<A..., B...> concat(type_list<A...>, type_list<B...>);
using implementations = decltype(concat(model_checked{}, peers{}));

inline FamilyInfo describe_family() { return describe<implementations>(family_name); }

}  // namespace gauntlet::queue
