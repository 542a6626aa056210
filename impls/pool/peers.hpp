#pragma once
// Peers: general-purpose allocators behind the pool interface (allocate(n) is
// the library's malloc of n, nullptr for 0 or above max_block as for ours).
// Each calls its library by the library's own entry points, declared here, so
// the header needs no library headers: only a binary that uses a peer links its
// library. glibc and TBB's scalable allocator share a process with ours;
// jemalloc, tcmalloc and mimalloc replace malloc when linked, so each gets a
// benchmark binary of its own (bench/pool/CMakeLists.txt). They check nothing.
#include <cstddef>
#include <cstdlib>
#include <string_view>

#include "impls/pool/interface.hpp"
#include "impls/registry/registry.hpp"

extern "C" {
void* scalable_malloc(std::size_t);
void scalable_free(void*);
void* mallocx(std::size_t, int);
void sdallocx(void*, std::size_t, int);
void* tc_malloc(std::size_t);
void tc_free_sized(void*, std::size_t);
void* mi_malloc(std::size_t);
void mi_free(void*);
}

namespace gauntlet::pool {

template <class Derived>
struct PeerBase {
  static constexpr bool checks_frees = false;
  static constexpr Kind kind = Kind::peer;
  explicit PeerBase(PoolConfig = {}) {}
  void* allocate(std::size_t n) { return n == 0 || n > max_block ? nullptr : Derived::get(n); }
  void deallocate(void* p, std::size_t n) {
    if (p) Derived::put(p, n);
  }
};

struct GlibcMalloc : PeerBase<GlibcMalloc> {
  using PeerBase::PeerBase;
  static constexpr std::string_view name = "glibc-malloc";
  static constexpr std::string_view description = "glibc malloc/free (the reference)";
  static constexpr bool separate_binary = false;
  static void* get(std::size_t n) { return std::malloc(n); }
  static void put(void* p, std::size_t) { std::free(p); }
};

struct TbbScalable : PeerBase<TbbScalable> {
  using PeerBase::PeerBase;
  static constexpr std::string_view name = "tbb-scalable";
  static constexpr std::string_view description = "oneTBB scalable_malloc/scalable_free (libtbbmalloc)";
  static constexpr bool separate_binary = false;
  static void* get(std::size_t n) { return scalable_malloc(n); }
  static void put(void* p, std::size_t) { scalable_free(p); }
};

struct Jemalloc : PeerBase<Jemalloc> {
  using PeerBase::PeerBase;
  static constexpr std::string_view name = "jemalloc";
  static constexpr std::string_view description = "jemalloc mallocx/sdallocx (replaces malloc: own binary)";
  static constexpr bool separate_binary = true;
  static void* get(std::size_t n) { return mallocx(n, 0); }
  static void put(void* p, std::size_t n) { sdallocx(p, n, 0); }
};

struct Tcmalloc : PeerBase<Tcmalloc> {
  using PeerBase::PeerBase;
  static constexpr std::string_view name = "tcmalloc";
  static constexpr std::string_view description = "gperftools tcmalloc tc_malloc/tc_free_sized (own binary)";
  static constexpr bool separate_binary = true;
  static void* get(std::size_t n) { return tc_malloc(n); }
  static void put(void* p, std::size_t n) { tc_free_sized(p, n); }
};

struct Mimalloc : PeerBase<Mimalloc> {
  using PeerBase::PeerBase;
  static constexpr std::string_view name = "mimalloc";
  static constexpr std::string_view description = "mimalloc mi_malloc/mi_free (own binary)";
  static constexpr bool separate_binary = true;
  static void* get(std::size_t n) { return mi_malloc(n); }
  static void put(void* p, std::size_t) { mi_free(p); }
};

}  // namespace gauntlet::pool
