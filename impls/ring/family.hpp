#pragma once
// The ring family: byte-message rings. Every entry offers
//   explicit R(std::size_t capacity_bytes)
//   try_write(std::span<const std::byte>)     copies a message in
//   try_read(consume)                         consume(std::span<const std::byte>) sees one message
// Ours (BlockingRing over ByteRing, blocking_ring.hpp) return a Status
// (status.hpp) and add, with blocking and timed forms of each:
//   write / write_until                       copying producer
//   read / read_until                         copying consumer
//   try_reserve / reserve / reserve_until(n, out), then commit(out)     zero-copy producer
//   try_peek / peek / peek_until(out), then release()                   zero-copy consumer
//   close()     refuses new reservations, wakes every waiter; every message
//               reserved before it is still committed and read
// The seed's ring keeps the seed's interface: bool try_write / try_read only.
#include <string_view>

#include "registry/family.hpp"
#include "ring/blocking_ring.hpp"
#include "ring/byte_ring.hpp"
#include "ring/seed_ring.hpp"

namespace gauntlet::ring {

inline constexpr std::string_view family_name = "ring";
// The known-bad close order (blocking_ring.hpp), named for the checks that must catch it.
using CloseNotifyFirstRing = BlockingRing<ByteRing<false>, CloseOrder::notify_then_store>;
using implementations = type_list<SeedRing, BlockingRing<ByteRing<false>>, BlockingRing<ByteRing<true>>,
                                  BlockingRing<ByteRing<false, true>>, CloseNotifyFirstRing>;
inline FamilyInfo describe_family() { return describe<implementations>(family_name); }

}  // namespace gauntlet::ring
