#pragma once
// The pool interface every implementation of the family offers.
//
//   void* allocate(std::size_t n)           a block of at least n bytes, 16-byte aligned;
//                                           nullptr when n is 0 or above max_block (as the
//                                           seed returns nil above its largest class)
//   void deallocate(void* block, std::size_t n)   n: the size given to allocate
//   static constexpr bool checks_frees      whether a double free or a size that
//                                           does not match the block's class is refused
//
// Refused frees (ours): std::logic_error naming the block, the size and the
// class, and nothing changes. The seed files the block by the size it is given
// (faithful to the Go original); the peers leave it undefined.
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "impls/registry/registry.hpp"

namespace gauntlet::pool {

inline constexpr std::size_t max_block = 4096;
inline constexpr std::size_t min_class = 16;
inline constexpr std::size_t class_count = 9;  // 16, 32, ..., 4096

// Construction: every pool of ours takes a PoolConfig (peers ignore it).
inline constexpr std::size_t default_slab_bytes = 64 * 1024;
struct PoolConfig {
  std::size_t slab_bytes = default_slab_bytes;  // bytes of a slab per class (at least 4 blocks)
  std::size_t magazine_rounds = 32;             // magazine pool: blocks per magazine (1..64)
  // Magazine pool: a magazine holds at most this many bytes of blocks (at
  // least one block; 0: rounds alone decide), so a thread's cache of a large
  // class stays as small in bytes as a small class's (jemalloc and tcmalloc
  // bound their caches so too): at 16 KiB, 4096-byte blocks get 4 rounds.
  std::size_t magazine_bytes = 16 * 1024;
};

inline constexpr std::size_t class_size(std::size_t c) { return min_class << c; }

// Constant time: the power-of-two class that fits n (1 <= n <= max_block).
inline constexpr std::size_t class_of(std::size_t n) {
  return static_cast<std::size_t>(std::bit_width((n - 1) | (min_class - 1))) - 4;
}

inline std::string hex(const void* p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%p", p);
  return buf;
}

[[noreturn]] inline void refuse_double_free(std::string_view pool, const void* p, std::size_t n) {
  throw std::logic_error(std::string(pool) + " pool: double free of block " + hex(p) + " (size " + std::to_string(n) +
                         ")");
}

[[noreturn]] inline void refuse_size_mismatch(std::string_view pool, const void* p, std::size_t n, std::size_t cls) {
  throw std::logic_error(std::string(pool) + " pool: size mismatch: block " + hex(p) + " freed with size " +
                         std::to_string(n) + " but allocated from the " + std::to_string(class_size(cls)) +
                         "-byte class");
}

template <class P>
concept Pool = requires(P p, std::size_t n, void* b) {
  { P::checks_frees } -> std::convertible_to<bool>;
  { p.allocate(n) } -> std::same_as<void*>;
  p.deallocate(b, n);
};

}  // namespace gauntlet::pool
