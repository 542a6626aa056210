#pragma once
// The ring family: byte-message rings. Every entry offers (RingInterface)
//   explicit R(std::size_t capacity_bytes)
//   try_write(std::span<const std::byte>)     copies a message in
//   try_read(consume)                         consume(std::span<const std::byte>) sees one message
//   max_producers / max_consumers             0: any number
// Ours (BlockingRing over ByteRing, blocking_ring.hpp) return a Status
// (status.hpp) and add, with blocking and timed forms of each:
//   write / write_until                       copying producer
//   read / read_until                         copying consumer
//   try_reserve / reserve / reserve_until(n, out), then commit(out)     zero-copy producer
//   try_peek / peek / peek_until(out), then release()                   zero-copy consumer
//   close()     refuses new reservations, wakes every waiter; every message
//               reserved before it is still committed and read
// The seed's ring keeps the seed's interface: bool try_write / try_read only.
#include <concepts>
#include <cstddef>
#include <span>
#include <string_view>

#include "impls/platform/adopted.hpp"
#include "impls/registry/registry.hpp"
#include "impls/ring/blocking_ring.hpp"
#include "impls/ring/byte_ring.hpp"
#include "impls/ring/byte_ring_lap_off_by_one.hpp"
#include "impls/ring/close_notify_first.hpp"
#include "impls/ring/seed_ring.hpp"

namespace gauntlet::ring {

template <class R>
concept RingInterface = std::constructible_from<R, std::size_t> &&
    requires(R& r, std::span<const std::byte> msg, void (*consume)(std::span<const std::byte>)) {
  r.try_write(msg);
  r.try_read(consume);
  { R::max_producers } -> std::convertible_to<int>;
  { R::max_consumers } -> std::convertible_to<int>;
};

inline constexpr std::string_view family_name = "ring";
using implementations =
    with_adopted<"ring", type_list<SeedRing, BlockingRing<ByteRing<false>>, BlockingRing<ByteRing<true>>,
                                   BlockingRing<ByteRingLapOffByOne>, CloseNotifyFirstRing>>;
// What the verifiers and tests iterate (an adopt build: the adopted class alone).
using verified_implementations = verified<implementations, adopted<"ring">::type<>>;
using reference = BlockingRing<ByteRing<false>>;
GAUNTLET_FAMILY_CONTRACT(RingInterface);

}  // namespace gauntlet::ring
