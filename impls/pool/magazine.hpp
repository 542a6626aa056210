#pragma once
// Thread-local magazines over a shared depot (Bonwick and Adams, "Magazines and
// Vmem", USENIX 2001).
//
// Each thread has, per size class, a loaded and a previous magazine (a stack of
// up to `rounds` blocks, fewer for large classes: PoolConfig::magazine_bytes). allocate pops the loaded one; when it is
// empty and the previous is full the two swap; when both are empty, the previous goes to the depot's empty list and a
// full magazine comes from the depot's full list (or is filled from the depot's loose blocks, carved from a new slab
// when none are left). deallocate mirrors it. Only the depot is shared (one mutex per class): a thread touches it once
// per `rounds` operations at most, and blocks freed on another thread travel back in whole magazines.
//
// A thread's cache lives in the slot thread_slot() names (slots are never
// reused, so no two threads share one); threads past max_slots go straight to
// the depot. A thread's magazines stay in its cache after it exits, and are
// freed with the pool. Frees are checked (double free, size mismatch).
#include <algorithm>
#include <cstddef>
#include <mutex>
#include <string_view>

#include "impls/platform/platform.hpp"
#include "impls/pool/interface.hpp"
#include "impls/pool/slab.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::pool {

class MagazinePool {
 public:
  static constexpr std::string_view name = "magazine";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "per-thread magazines (loaded + previous) over a mutex-protected depot per class (Bonwick); checked frees";
  static constexpr bool checks_frees = true;
  static constexpr std::size_t max_slots = 256;
  static constexpr std::size_t max_rounds = 64;

  explicit MagazinePool(PoolConfig cfg = {}) : slabs_(cfg.slab_bytes) {
    for (auto& c : caches_) c = nullptr;
    const std::size_t rounds = std::clamp<std::size_t>(cfg.magazine_rounds, 1, max_rounds);
    for (std::size_t c = 0; c < class_count; ++c) {
      const std::size_t by_bytes = cfg.magazine_bytes == 0 ? rounds : cfg.magazine_bytes / class_size(c);
      capacity_[c] = std::clamp<std::size_t>(by_bytes, 1, rounds);
    }
  }
  MagazinePool(const MagazinePool&) = delete;
  MagazinePool& operator=(const MagazinePool&) = delete;

  ~MagazinePool() {
    for (auto* c : caches_) delete c;
    Magazine* m = all_.load();
    while (m) {
      Magazine* next = m->all_next;
      delete m;
      m = next;
    }
  }

  void* allocate(std::size_t n) {
    if (n == 0 || n > max_block) return nullptr;
    const std::size_t c = class_of(n);
    BlockHeader* h = nullptr;
    if (Cache* tc = cache()) {
      Magazine*& loaded = tc->loaded[c];
      Magazine*& previous = tc->previous[c];
      if (loaded->count.load() == 0) {
        if (previous->count.load() != 0) {
          std::swap(loaded, previous);
        } else {
          // Both empty: trade the previous for a full one from the depot.
          Depot& d = depots_[c];
          unique_lock<mutex> lk(d.m);
          push_list(d.empty, previous);
          previous = loaded;
          loaded = pop_list(d.full);
          if (loaded == nullptr) loaded = fill_from_loose(d, c, new_magazine_locked());
        }
      }
      h = pop_round(loaded);
    } else {
      Depot& d = depots_[c];
      unique_lock<mutex> lk(d.m);
      h = take_loose(d, c);
    }
    mark_live(h);
    return user_of(h);
  }

  // Blocks a magazine of class cls holds when full.
  std::size_t rounds_of(std::size_t cls) const { return capacity_[cls]; }

  // Blocks of class cls in the depot's loose list (carved or freed past
  // max_slots, in no magazine): what a test reads to see a fill take exactly
  // one magazine's worth and leave the rest shared.
  std::size_t loose_blocks(std::size_t cls) {
    Depot& d = depots_[cls];
    unique_lock<mutex> lk(d.m);
    std::size_t n = 0;
    for (BlockHeader* h = d.loose.load(); h != nullptr; h = h->next.load(std::memory_order_relaxed)) ++n;
    return n;
  }

  void deallocate(void* p, std::size_t n) {
    if (p == nullptr) return;
    BlockHeader* h = header_of(p);
    if (n == 0 || n > max_block) refuse_size_mismatch(name, p, n, h->cls);
    const std::size_t c = class_of(n);
    // mutation-justified: poisoned before the check, a block whose free is refused (still the caller's)
    // would be unusable under ASan; only an ASan build shows that, and the mutate build is none.
    check_and_mark_free(name, h, p, n, c);
    mark_poisoned(h);
    if (Cache* tc = cache()) {
      Magazine*& loaded = tc->loaded[c];
      Magazine*& previous = tc->previous[c];
      if (loaded->count.load() == capacity_[c]) {
        if (previous->count.load() != capacity_[c]) {
          std::swap(loaded, previous);
        } else {
          // Both full: hand the previous to the depot, load an empty one.
          Depot& d = depots_[c];
          unique_lock<mutex> lk(d.m);
          push_list(d.full, previous);
          previous = loaded;
          loaded = pop_list(d.empty);
          if (loaded == nullptr) loaded = new_magazine_locked();
        }
      }
      push_round(loaded, h);
    } else {
      Depot& d = depots_[c];
      unique_lock<mutex> lk(d.m);
      h->next.store(d.loose.load(), std::memory_order_relaxed);
      d.loose.store(h);
    }
  }

 private:
  struct Magazine {
    shared_var<std::size_t> count{0};
    shared_var<BlockHeader*> rounds[max_rounds];
    shared_var<Magazine*> next{nullptr};  // in a depot list
    Magazine* all_next = nullptr;         // every magazine, for the destructor
  };
  struct Cache {
    Magazine* loaded[class_count];
    Magazine* previous[class_count];
  };
  struct Depot {
    mutex m;
    shared_var<Magazine*> full{nullptr};
    shared_var<Magazine*> empty{nullptr};
    shared_var<BlockHeader*> loose{nullptr};  // blocks in no magazine
  };

  static BlockHeader* pop_round(Magazine* m) {
    std::size_t k = m->count.load() - 1;
    m->count.store(k);
    return m->rounds[k].load();
  }
  static void push_round(Magazine* m, BlockHeader* h) {
    std::size_t k = m->count.load();
    m->rounds[k].store(h);  // mutation-equivalent: a magazine being pushed is one thread's alone (in no depot list)
    m->count.store(k + 1);
  }
  static void push_list(shared_var<Magazine*>& list, Magazine* m) {
    m->next.store(list.load());
    list.store(m);
  }
  static Magazine* pop_list(shared_var<Magazine*>& list) {
    Magazine* m = list.load();
    if (m) list.store(m->next.load());
    return m;
  }

  // With the depot's lock held.
  BlockHeader* take_loose(Depot& d, std::size_t c) {
    BlockHeader* h = d.loose.load();
    if (h == nullptr) {
      std::size_t count = 0;
      unique_lock<mutex> slk(slab_m_);
      h = slabs_.carve(c, count);
    }
    d.loose.store(h->next.load(std::memory_order_relaxed));
    return h;
  }
  Magazine* fill_from_loose(Depot& d, std::size_t c, Magazine* m) {
    do {
      push_round(m, take_loose(d, c));
    } while (m->count.load() < capacity_[c] && d.loose.load() != nullptr);
    return m;
  }
  Magazine* new_magazine_locked() {
    auto* m = new Magazine;
    unique_lock<mutex> lk(all_m_);
    m->all_next = all_.load();
    all_.store(m);
    return m;
  }

  // The calling thread's cache, made on first use; nullptr past max_slots.
  Cache* cache() {
    const unsigned slot = thread_slot();
    if (slot >= max_slots) return nullptr;
    Cache*& tc = caches_[slot];  // only this thread touches its slot (the destructor runs after it)
    if (tc == nullptr) {
      tc = new Cache;
      for (std::size_t c = 0; c < class_count; ++c) {
        tc->loaded[c] = new_magazine_locked();  // mutation-equivalent: two fresh empty magazines, either way round
        tc->previous[c] = new_magazine_locked();
      }
    }
    return tc;
  }

  std::size_t capacity_[class_count];  // rounds per magazine of each class
  Cache* caches_[max_slots];
  Depot depots_[class_count];
  mutex slab_m_;
  SlabList slabs_;
  mutex all_m_;
  shared_var<Magazine*> all_{nullptr};  // every magazine made, for the destructor; checked under Relacy
};

}  // namespace gauntlet::pool
