#pragma once
// A lock-free free list per size class: a Treiber stack whose head word packs
// the top block's address (low 48 bits) with a tag of TagBits bits above it,
// bumped by every successful CAS. The tag is what stops ABA: a pop reads top
// X and X's next Y, is preempted, and meanwhile X, Y and more are popped and X
// is pushed back; with the head word unchanged the pop's CAS would install Y,
// a block that another thread holds. The tag makes the word differ unless it
// has wrapped (2^TagBits changes during one pop). TagBits = 0 is the untagged
// list, 2 a tag that wraps within a short schedule: the known-bad variants.
//
// The address bits must be free for the tag: construction refuses a machine
// with 5-level paging, and a slab whose addresses are not all below 2^47 is
// refused too (address_space.hpp). Slabs are carved under a mutex and the new
// chain is pushed with one CAS. Frees are checked (double free, size mismatch).
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include "impls/platform/platform.hpp"
#include "impls/pool/address_space.hpp"
#include "impls/pool/interface.hpp"
#include "impls/pool/slab.hpp"

namespace gauntlet::pool {

template <unsigned TagBits>
class BasicTreiberPool {
  static_assert(TagBits <= 64 - pointer_bits);

 public:
  static constexpr bool checks_frees = true;
  static constexpr unsigned tagged_free_list = TagBits;

  // la57: whether the machine uses 5-level paging (tests pass true to see the refusal).
  explicit BasicTreiberPool(PoolConfig cfg = {}, bool la57 = machine_has_la57()) : slabs_(cfg.slab_bytes) {
    if (la57)
      throw std::runtime_error(
          "treiber pool: 5-level paging (la57): addresses may use more than 47 bits, no room for the pointer tag");
  }

  void* allocate(std::size_t n) {
    if (n == 0 || n > max_block) return nullptr;
    const std::size_t c = class_of(n);
    BlockHeader* h = pop(heads_[c]);
    if (h == nullptr) h = refill(c);
    mark_live(h);
    return user_of(h);
  }

  void deallocate(void* p, std::size_t n) {
    if (p == nullptr) return;
    BlockHeader* h = header_of(p);
    if (n == 0 || n > max_block) refuse_size_mismatch("treiber", p, n, h->cls);
    const std::size_t c = class_of(n);
    check_and_mark_free("treiber", h, p, n, c);
    mark_poisoned(h);
    push(heads_[c], h, h);
  }

 private:
  static constexpr std::uint64_t address_mask = (std::uint64_t{1} << pointer_bits) - 1;
  // The tag's increment, in place in the head word. Zero when TagBits is 0.
  static constexpr std::uint64_t tag_one = TagBits == 0 ? 0 : std::uint64_t{1} << pointer_bits;
  // The bits the tag may occupy; a carry out of them is dropped, so the tag wraps.
  static constexpr std::uint64_t tag_mask =
      TagBits == 0 ? 0 : (~std::uint64_t{0} >> (64 - pointer_bits - TagBits)) & ~address_mask;

  static BlockHeader* address(std::uint64_t word) { return reinterpret_cast<BlockHeader*>(word & address_mask); }
  static std::uint64_t next_word(std::uint64_t old, BlockHeader* top) {
    // the mutation point: the tag's width, TagBits (16 ours, 2 and 0 known-bad)
    const std::uint64_t tag = ((old & tag_mask) + tag_one) & tag_mask;
    return tag | reinterpret_cast<std::uint64_t>(top);
  }

  static BlockHeader* pop(atomic<std::uint64_t>& head) {
    std::uint64_t old = head.load(std::memory_order_acquire);
    for (;;) {
      BlockHeader* top = address(old);
      if (top == nullptr) return nullptr;
      BlockHeader* next = top->next.load(std::memory_order_relaxed);
      if (head.compare_exchange_weak(old, next_word(old, next), std::memory_order_acquire, std::memory_order_acquire))
        return top;
    }
  }

  // Pushes the chain first..last (linked through next).
  static void push(atomic<std::uint64_t>& head, BlockHeader* first, BlockHeader* last) {
    std::uint64_t old = head.load(std::memory_order_relaxed);
    for (;;) {
      last->next.store(address(old), std::memory_order_relaxed);
      if (head.compare_exchange_weak(old, next_word(old, first), std::memory_order_release, std::memory_order_relaxed))
        return;
    }
  }

  // The list was empty: carve a slab, keep its first block, push the rest.
  BlockHeader* refill(std::size_t c) {
    std::size_t count = 0;
    BlockHeader* chain;
    {
      unique_lock<mutex> lk(slab_m_);
      chain = slabs_.carve(c, count);
    }
    const std::size_t stride = header_bytes + class_size(c);
    if (!fits_tagged_pointer(reinterpret_cast<std::uintptr_t>(chain), count * stride))
      throw std::runtime_error("treiber pool: a slab above 2^47: no room for the pointer tag");
    BlockHeader* first = chain->next.load(std::memory_order_relaxed);
    if (first != nullptr) {
      BlockHeader* last = first;
      while (BlockHeader* n = last->next.load(std::memory_order_relaxed)) last = n;
      push(heads_[c], first, last);
    }
    return chain;
  }

  atomic<std::uint64_t> heads_[class_count];
  mutex slab_m_;
  SlabList slabs_;
};

}  // namespace gauntlet::pool
