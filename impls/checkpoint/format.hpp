#pragma once
// The checkpoint file: a 40-byte header, then the state.
//
//   offset 0  magic "GCKP"        4 bytes
//          4  version (1)         4 bytes
//          8  sequence number     8 bytes   (larger: newer)
//         16  state length        8 bytes
//         24  reserved (0)        8 bytes
//         32  XXH3-64 checksum    8 bytes   over bytes 0..31 and the state
//
// Little-endian. A file is valid when its magic and version match, its size is
// the header plus the length, and the checksum matches: a torn or partial file
// fails at least one of these (the checksum covers the header, so a torn
// length or sequence number is caught too).
#include <xxhash.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#include "impls/checkpoint/fs.hpp"

namespace gauntlet::checkpoint {

inline constexpr std::size_t header_size = 40;
inline constexpr std::uint32_t format_version = 1;
inline constexpr char magic[4] = {'G', 'C', 'K', 'P'};

struct Header {
  std::uint64_t seq = 0;
  std::uint64_t length = 0;
  std::uint64_t checksum = 0;
};

inline void put64(std::byte* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::byte>(v >> (8 * i));
}
inline std::uint64_t get64(const std::byte* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return v;
}

inline std::uint64_t checksum_of(const std::byte* header32, byte_view state) {
  XXH3_state_t* s = XXH3_createState();
  XXH3_64bits_reset(s);
  XXH3_64bits_update(s, header32, 32);
  XXH3_64bits_update(s, state.data(), state.size());
  const std::uint64_t h = XXH3_64bits_digest(s);
  XXH3_freeState(s);
  return h;
}

// The header for `state` as checkpoint number `seq`.
inline std::array<std::byte, header_size> encode_header(std::uint64_t seq, byte_view state) {
  std::array<std::byte, header_size> h{};
  std::memcpy(h.data(), magic, 4);
  put64(h.data() + 4, format_version);  // 4 bytes of version, 4 of zero: the low half of a 64-bit store
  put64(h.data() + 8, seq);
  put64(h.data() + 16, state.size());
  put64(h.data() + 24, 0);
  put64(h.data() + 32, checksum_of(h.data(), state));
  return h;
}

// Parses a whole file; nullopt if its structure is wrong. The checksum is
// returned, not judged: verify_checksum does that.
inline std::optional<Header> parse_header(byte_view file) {
  if (file.size() < header_size) return std::nullopt;
  if (std::memcmp(file.data(), magic, 4) != 0) return std::nullopt;
  if ((get64(file.data() + 4) & 0xffffffffu) != format_version) return std::nullopt;
  Header h{get64(file.data() + 8), get64(file.data() + 16), get64(file.data() + 32)};
  if (file.size() != header_size + h.length) return std::nullopt;
  return h;
}

inline bool verify_checksum(byte_view file, const Header& h) {
  return checksum_of(file.data(), file.subspan(header_size)) == h.checksum;
}

}  // namespace gauntlet::checkpoint
