#pragma once
// The ring family: byte-message rings. Every entry offers
//   explicit R(std::size_t capacity_bytes)
//   bool try_write(std::span<const std::byte>)       copies a message in
//   bool try_read(consume)                           consume(std::span<const std::byte>) sees one message
// and the zero-copy rings also reserve(n) / commit(r) / peek() / release().
// Non-blocking only: a caller that must wait spins or sleeps itself.
#include <string_view>

#include "registry/family.hpp"
#include "ring/byte_ring.hpp"
#include "ring/seed_ring.hpp"

namespace gauntlet::ring {

inline constexpr std::string_view family_name = "ring";
using implementations = type_list<SeedRing, ByteRing<false>, ByteRing<true>, ByteRing<false, true>>;
inline FamilyInfo describe_family() { return describe<implementations>(family_name); }

}  // namespace gauntlet::ring
