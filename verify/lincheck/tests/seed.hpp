#pragma once
// The seed of a randomized test: GAUNTLET_SEED when set, else fresh; printed
// so any run replays.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace gauntlet::lincheck::testing {

inline std::uint64_t test_seed(const char* what) {
  std::uint64_t seed;
  if (const char* env = std::getenv("GAUNTLET_SEED")) seed = std::strtoull(env, nullptr, 10);
  else seed = std::random_device{}() ^ (std::uint64_t{std::random_device{}()} << 32);
  std::printf("%s: seed %llu (replay with GAUNTLET_SEED=%llu)\n", what, static_cast<unsigned long long>(seed),
              static_cast<unsigned long long>(seed));
  return seed;
}

}  // namespace gauntlet::lincheck::testing
