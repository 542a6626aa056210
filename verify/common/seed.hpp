#pragma once
// The seed of a randomized run. GAUNTLET_SEED, when set, replays a run;
// otherwise a fresh seed is drawn. Announced on stdout, so that any run,
// failing or not, can be replayed.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>

namespace gauntlet::verify {

// GAUNTLET_SEED, if set.
inline std::optional<std::uint64_t> seed_from_env() {
  if (const char* env = std::getenv("GAUNTLET_SEED")) return std::strtoull(env, nullptr, 10);
  return std::nullopt;
}

// GAUNTLET_SEED, or a fresh 64-bit seed; printed as "<what>: seed N (replay with GAUNTLET_SEED=N)".
inline std::uint64_t announce_seed(const char* what) {
  const std::uint64_t seed =
      seed_from_env().value_or(std::random_device{}() ^ (std::uint64_t{std::random_device{}()} << 32));
  std::printf("%s: seed %llu (replay with GAUNTLET_SEED=%llu)\n", what, static_cast<unsigned long long>(seed),
              static_cast<unsigned long long>(seed));
  std::fflush(stdout);
  return seed;
}

}  // namespace gauntlet::verify
