#pragma once
// Blocks carved from slabs, shared by every pool of ours.
//
// A block is a 16-byte-aligned header followed by the user's bytes. The header
// holds the free-list link, the block's state (live or free: the double-free
// check) and its class (the size-mismatch check), written once when the slab
// is carved. Free blocks' user bytes are poisoned under ASan
// (impls/platform/poison.hpp). Slabs are freed only with the pool.
//
// A slab is carved a page at a time, not whole: writing every header at once
// would make all of its pages resident (the pool's RSS then starts at a slab
// per class touched, 64 KiB each by default), where a page at a time makes
// resident only what the blocks handed out so far span.
#include <algorithm>
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
  // mutation-equivalent: the header is never poisoned, so unpoisoning the user bytes first changes nothing
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
      for (std::size_t i = 0; i < s->carved; ++i)
        reinterpret_cast<BlockHeader*>(s->first + i * s->stride)->~BlockHeader();
      unpoison_region(s, s->bytes);
      delete[] reinterpret_cast<std::byte*>(s);
      s = next;
    }
  }

  // Carves the next blocks of class cls, about a page of them (at least one)
  // from the class's current slab, or from a new slab when that one is used
  // up; returns them linked through `next` in address order (free, poisoned),
  // and how many in `count`.
  BlockHeader* carve(std::size_t cls, std::size_t& count) {
    Slab* s = current_[cls].load();
    if (s == nullptr || s->carved == s->blocks) {
      const std::size_t stride = header_bytes + class_size(cls);
      const std::size_t blocks = blocks_per_slab(cls, slab_bytes_);
      const std::size_t bytes = slab_header + blocks * stride;
      auto* raw = new std::byte[bytes];
      s = new (raw) Slab{head_.load(), raw + slab_header, blocks, 0, stride, bytes};
      head_.store(s);
      // mutation-equivalent: the caller's lock covers the three; no reader of either list comes between
      current_[cls].store(s);
      // mutation-equivalent: poisoning is out of band (ASan's shadow), whichever store came first
      poison_region(s->first, blocks * stride);  // not yet carved: as out of bounds as a free block's bytes
    }
    const std::size_t n = std::max<std::size_t>(1, std::min(carve_bytes / s->stride, s->blocks - s->carved));
    BlockHeader* chain = nullptr;
    for (std::size_t i = s->carved + n; i-- > s->carved;) {
      std::byte* at = s->first + i * s->stride;
      unpoison_region(at, header_bytes);
      auto* h = new (at) BlockHeader;
      // mutation-equivalent: a block being carved is reachable by no one until carve() returns,
      // so the order in which its header, link and poison are made does not show
      h->cls = static_cast<std::uint32_t>(cls);
      h->next.store(chain, std::memory_order_relaxed);  // mutation-equivalent: as above
      mark_poisoned(h);                                 // mutation-equivalent: as above
      chain = h;
    }
    s->carved += n;  // mutation-equivalent: two independent results, set in either order
    count = n;
    return chain;
  }

  // Blocks per slab of class cls: as many as fit, and at least min_blocks.
  static std::size_t blocks_per_slab(std::size_t cls, std::size_t slab_bytes) {
    return std::max(slab_bytes / (header_bytes + class_size(cls)), min_blocks);
  }

  static constexpr std::size_t min_blocks = 4;
  static constexpr std::size_t carve_bytes = 4096;  // carved at a time: a page

 private:
  struct Slab {
    Slab* next;
    std::byte* first;
    std::size_t blocks, carved, stride, bytes;  // carved: blocks [0, carved) are made
  };
  static constexpr std::size_t slab_header = (sizeof(Slab) + 15) / 16 * 16;
  std::size_t slab_bytes_;
  // Checked under Relacy: two carves that the caller's lock does not order
  // (classes of different threads refilling at once) are a data race.
  shared_var<Slab*> head_{nullptr};
  shared_var<Slab*> current_[class_count];  // each class's slab still being carved
};

}  // namespace gauntlet::pool
