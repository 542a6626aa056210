#pragma once
// An out-of-tree object pool, as `scripts/gauntlet adopt pool` takes it:
// allocate(n) and deallocate(block, n) for blocks of up to 4096 bytes, 16-byte
// aligned, and whether it refuses bad frees (impls/pool/interface.hpp, Pool).
// One free list per power-of-two size class, each behind its own mutex; a
// block carries a 16-byte header linking every block the pool ever made, so
// the destructor can return them. The list heads are gauntlet::shared_var and
// the mutexes gauntlet::mutex, so Relacy model-checks the locking.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <new>

#include "impls/platform/platform.hpp"

namespace example {

template <bool LockOnFree>
class BasicLockedFreeListPool {
 public:
  static constexpr bool checks_frees = false;

  BasicLockedFreeListPool() = default;
  BasicLockedFreeListPool(const BasicLockedFreeListPool&) = delete;
  BasicLockedFreeListPool& operator=(const BasicLockedFreeListPool&) = delete;
  ~BasicLockedFreeListPool() {
    for (auto& c : classes_)
      for (Header* h = c.made.load(); h != nullptr;) {
        Header* next = h->made_next;
        ::operator delete (h, std::align_val_t{16});
        h = next;
      }
  }

  void* allocate(std::size_t n) {
    if (n == 0 || n > kMaxBlock) return nullptr;
    Class& c = classes_[class_of(n)];
    std::lock_guard<gauntlet::mutex> lock(c.mu);
    if (Header* h = c.free.load()) {
      c.free.store(h->free_next);
      return h + 1;
    }
    auto* h = new (::operator new (sizeof(Header) + (std::size_t{16} << class_of(n)), std::align_val_t{16})) Header;
    h->made_next = c.made.load();
    c.made.store(h);
    return h + 1;
  }

  void deallocate(void* block, std::size_t n) {
    if (block == nullptr) return;
    Class& c = classes_[class_of(n)];
    Header* h = static_cast<Header*>(block) - 1;
    if constexpr (LockOnFree) {
      std::lock_guard<gauntlet::mutex> lock(c.mu);
      push(c, h);
    } else {
      push(c, h);  // the broken variant: the free list changes under nobody's lock
    }
  }

 private:
  static constexpr std::size_t kMaxBlock = 4096, kClasses = 9;  // 16, 32, ..., 4096
  struct alignas(16) Header {
    Header* free_next = nullptr;
    Header* made_next = nullptr;
  };
  struct Class {
    gauntlet::mutex mu;
    gauntlet::shared_var<Header*> free{nullptr}, made{nullptr};
  };
  static std::size_t class_of(std::size_t n) { return std::bit_width((n - 1) | 15) - 4; }
  static void push(Class& c, Header* h) {
    h->free_next = c.free.load();
    c.free.store(h);
  }

  Class classes_[kClasses];
};

using LockedFreeListPool = BasicLockedFreeListPool<true>;

}  // namespace example
