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
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "impls/queue/ours.hpp"
#include "impls/queue/peers.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::queue {

template <class Q>
concept QueueInterface = std::constructible_from<Q, std::size_t> &&
    requires(Q& q, const typename Q::value_type& in, typename Q::value_type& out, steady_clock::time_point t) {
  { q.try_push(in) } -> std::same_as<Status>;
  { q.push(in) } -> std::same_as<Status>;
  { q.push_until(in, t) } -> std::same_as<Status>;
  { q.try_pop(out) } -> std::same_as<Status>;
  { q.pop(out) } -> std::same_as<Status>;
  { q.pop_until(out, t) } -> std::same_as<Status>;
  q.close();
  { Q::max_producers } -> std::convertible_to<int>;
  { Q::max_consumers } -> std::convertible_to<int>;
  typename Q::template rebind<int>;
};

inline constexpr std::string_view family_name = "queue";

using peers =
    type_list<Blocking<BoostSpscQueue<element>>, Blocking<BoostQueue<element>>, Blocking<MoodycamelQueue<element>>,
              Blocking<ReaderWriterQueue<element>>, Blocking<AtomicQueue<element>>, Blocking<TbbBoundedQueue<element>>>;

using implementations = with_adopted<"queue", decltype(concat(model_checked{}, peers{})), element>;
// What the tests and the stress verifier iterate (an adopt build: the adopted class alone).
using verified_implementations = verified<implementations, adopted<"queue">::type<element>>;
using reference = MutexQueue<element>;
GAUNTLET_FAMILY_CONTRACT(QueueInterface);

}  // namespace gauntlet::queue
