#pragma once
// Whether block addresses leave room for a tag in a pointer's top bits.
//
// A tagged pointer packs a counter above bit 47, which is sound only while
// every user-space address is below 2^47: 4-level paging. With 5-level paging
// (the CPU's `la57` flag, enabled by the kernel) an address may use up to 56
// bits, and the tag would overwrite part of it. The tagged free list refuses
// to run there (construction throws), and refuses any slab whose addresses do
// not fit, whatever the flags said.
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace gauntlet::pool {

inline constexpr unsigned pointer_bits = 48;  // bits a tagged pointer keeps for the address

// True when the `flags` line of a /proc/cpuinfo text names la57.
inline bool la57_in_cpuinfo(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (line.starts_with("flags")) {
      std::string padded = " " + std::string(line.substr(line.find(':') + 1)) + " ";
      if (padded.find(" la57 ") != std::string::npos) return true;
    }
    pos = end + 1;
  }
  return false;
}

// What this machine says (read once).
inline bool machine_has_la57() {
  static const bool la57 = [] {
    std::ifstream f("/proc/cpuinfo");
    std::stringstream ss;
    ss << f.rdbuf();
    return la57_in_cpuinfo(ss.str());
  }();
  return la57;
}

// True when [p, p + n) lies below 2^(pointer_bits - 1): the user half of a
// 48-bit space, where a tag above bit 47 cannot clobber the address.
inline bool fits_tagged_pointer(std::uintptr_t p, std::size_t n) {
  const std::uintptr_t limit = std::uintptr_t{1} << (pointer_bits - 1);
  return p < limit && n <= limit - p;
}

}  // namespace gauntlet::pool
