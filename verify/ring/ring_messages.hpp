#pragma once
// Self-checking byte messages for the ring tests: message i of producer p
// starts with (p, i) and every following byte derives from (p, i), so a
// consumer can tell whose message it got, whether it is intact, and whether
// it came in that producer's order.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <span>
#include <vector>

namespace gauntlet::verify {

// Message i of producer p, with len bytes after its 8-byte (p, i) head.
inline std::vector<std::byte> message(unsigned p, std::uint32_t i, std::size_t len) {
  std::vector<std::byte> m(len + 8);
  std::uint32_t head[2] = {p, i};
  std::memcpy(m.data(), head, 8);
  for (std::size_t k = 0; k < len; ++k) m[8 + k] = static_cast<std::byte>(p * 131 + i * 7 + k);
  return m;
}

struct MessageId {
  std::uint32_t producer = 0, index = 0;
};

// The (p, i) of an intact message; false for anything else (torn, merged, short).
inline bool well_formed(std::span<const std::byte> m, MessageId& id) {
  if (m.size() < 8) return false;
  std::uint32_t head[2];
  std::memcpy(head, m.data(), 8);
  auto expect = message(head[0], head[1], m.size() - 8);
  if (!std::equal(m.begin(), m.end(), expect.begin())) return false;
  id = {head[0], head[1]};
  return true;
}
inline bool well_formed(std::span<const std::byte> m) {
  MessageId id;
  return well_formed(m, id);
}

}  // namespace gauntlet::verify
