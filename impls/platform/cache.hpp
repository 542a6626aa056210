#pragma once
#include <cstddef>

namespace gauntlet {

// 64 bytes is the line size on every x86-64 and most Arm cores. Adjacent-line
// prefetch on Intel pulls lines in pairs, so some structures pad to 128 to keep
// two hot variables from sharing a prefetch pair. std::hardware_destructive_
// interference_size is not used: g++ warns it may differ between translation
// units built with different -mtune, which is exactly the ABI hazard we avoid.
inline constexpr std::size_t cache_line = 64;
inline constexpr std::size_t prefetch_pair = 128;

}  // namespace gauntlet
