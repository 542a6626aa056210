#pragma once
// Blocks carved from slabs, shared by every pool of ours.
//
// A block is a 16-byte-aligned header followed by the user's bytes. The header
// holds the free-list link, the block's state (live or free: the double-free
// check) and its class (the size-mismatch check), written once when the slab
// is carved. Free blocks' user bytes are poisoned under ASan
// (impls/platform/poison.hpp). Slabs are freed only with the pool.
#include <cstddef>
#include <cstdint>
#include <new>

#include "impls/platform/platform.hpp"
#include "impls/platform/poison.hpp"
#include "impls/pool/interface.hpp"

namespace gauntlet::pool {

struct BlockHeader {
  static constexpr std::uint32_t live = 0x1170;
  static constexpr std::uint32_t free = 0xf7ee;
  atomic<BlockHeader*> next{nullptr};
  atomic<std::uint32_t> state{free};
  std::uint32_t cls = 0;
};

inline constexpr std::size_t header_bytes = (sizeof(BlockHeader) + 15) / 16 * 16;

inline void* user_of(BlockHeader* h) { return reinterpret_cast<std::byte*>(h) + header_bytes; }
inline BlockHeader* header_of(void* p) {
  return reinterpret_cast<BlockHeader*>(static_cast<std::byte*>(p) - header_bytes);
}

// The checks a checking pool makes before taking a block back: the class the
// caller names must be the block's, and the block must be live. Marks it free.
inline void check_and_mark_free(std::string_view pool, BlockHeader* h, void* p, std::size_t n, std::size_t cls) {
  if (h->cls != cls) refuse_size_mismatch(pool, p, n, h->cls);
  if (h->state.load(std::memory_order_relaxed) != BlockHeader::live) refuse_double_free(pool, p, n);
  h->state.store(BlockHeader::free, std::memory_order_relaxed);
}

inline void mark_live(BlockHeader* h) {
  h->state.store(BlockHeader::live, std::memory_order_relaxed);
  unpoison_region(user_of(h), class_size(h->cls));
}

inline void mark_poisoned(BlockHeader* h) { poison_region(user_of(h), class_size(h->cls)); }

// The slabs of one pool. Not thread-safe: callers hold a lock (or own it).
class SlabList {
 public:
  explicit SlabList(std::size_t slab_bytes = default_slab_bytes) : slab_bytes_(slab_bytes) {}
  SlabList(const SlabList&) = delete;
  SlabList& operator=(const SlabList&) = delete;
  ~SlabList() {
    Slab* s = head_.load();
    while (s) {
      Slab* next = s->next;
      for (std::size_t i = 0; i < s->blocks; ++i)
        reinterpret_cast<BlockHeader*>(s->first + i * s->stride)->~BlockHeader();
      unpoison_region(s, s->bytes);
      delete[] reinterpret_cast<std::byte*>(s);
      s = next;
    }
  }

  // Carves a new slab of class cls; returns its blocks linked through `next`
  // (free, poisoned), and the count in `count`.
  BlockHeader* carve(std::size_t cls, std::size_t& count) {
    const std::size_t stride = header_bytes + class_size(cls);
    const std::size_t blocks = blocks_per_slab(cls, slab_bytes_);
    const std::size_t bytes = slab_header + blocks * stride;
    auto* raw = new std::byte[bytes];
    auto* s = new (raw) Slab{head_.load(), raw + slab_header, blocks, stride, bytes};
    head_.store(s);
    BlockHeader* chain = nullptr;
    for (std::size_t i = blocks; i-- > 0;) {
      auto* h = new (s->first + i * stride) BlockHeader;
      h->cls = static_cast<std::uint32_t>(cls);
      h->next.store(chain, std::memory_order_relaxed);
      mark_poisoned(h);
      chain = h;
    }
    count = blocks;
    return chain;
  }

  // Blocks per slab of class cls: as many as fit, and at least min_blocks.
  static std::size_t blocks_per_slab(std::size_t cls, std::size_t slab_bytes) {
    const std::size_t fit = slab_bytes / (header_bytes + class_size(cls));
    return fit < min_blocks ? min_blocks : fit;
  }

  static constexpr std::size_t min_blocks = 4;

 private:
  struct Slab {
    Slab* next;
    std::byte* first;
    std::size_t blocks, stride, bytes;
  };
  static constexpr std::size_t slab_header = (sizeof(Slab) + 15) / 16 * 16;
  std::size_t slab_bytes_;
  // Checked under Relacy: two carves that the caller's lock does not order
  // (classes of different threads refilling at once) are a data race.
  shared_var<Slab*> head_{nullptr};
};

}  // namespace gauntlet::pool
