#pragma once
// Size classes, each a mutex-protected free list: the base of the seed's pool
// and of `classed`. They differ in how a size finds its class (Lookup) and in
// whether a free is checked.
#include <cstddef>
#include <mutex>
#include <string_view>

#include "impls/platform/platform.hpp"
#include "impls/pool/interface.hpp"
#include "impls/pool/slab.hpp"

namespace gauntlet::pool {

// Lookup::index(n): the class for n, or class_count when none fits.
template <class Lookup, bool Checked>
class BasicLockedClassPool {
 public:
  static constexpr bool checks_frees = Checked;

  explicit BasicLockedClassPool(PoolConfig cfg = {}) : slabs_(cfg.slab_bytes) {}

  void* allocate(std::size_t n) {
    if (n == 0) return nullptr;
    const std::size_t c = Lookup::index(n);
    if (c >= class_count) return nullptr;
    Class& k = classes_[c];
    unique_lock<mutex> lk(k.m);
    BlockHeader* h = k.head.load();
    if (h == nullptr) {
      std::size_t count = 0;
      unique_lock<mutex> slk(slab_m_);
      h = slabs_.carve(c, count);
    }
    k.head.store(h->next.load(std::memory_order_relaxed));
    lk.unlock();
    mark_live(h);
    return user_of(h);
  }

  void deallocate(void* p, std::size_t n) {
    if (p == nullptr) return;
    const std::size_t c = Lookup::index(n);
    BlockHeader* h = header_of(p);
    if constexpr (Checked) {
      if (n == 0 || c >= class_count) refuse_size_mismatch(Lookup::name, p, n, h->cls);
      check_and_mark_free(Lookup::name, h, p, n, c);
    } else if (c >= class_count) {
      return;  // the seed: a size above every class is filed nowhere
    }
    mark_poisoned(h);
    Class& k = classes_[c];
    unique_lock<mutex> lk(k.m);
    h->next.store(k.head.load(), std::memory_order_relaxed);
    k.head.store(h);
  }

 private:
  struct Class {
    mutex m;
    shared_var<BlockHeader*> head{nullptr};
  };
  Class classes_[class_count];
  mutex slab_m_;
  SlabList slabs_;
};

}  // namespace gauntlet::pool
