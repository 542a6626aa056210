#pragma once
// A per-block owner check under real threads: the holder of a block stamps its
// first 16 bytes (owner, sequence) at allocate and finds them intact at free;
// a block handed out twice gets a second stamp, which the first holder sees.
// Threads trade blocks through shared slots, so many frees are cross-thread.
#include <atomic>
#include <cstdint>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "verify/common/bounded_wait.hpp"

namespace gauntlet::pool::test {

struct Stamp {
  std::uint64_t owner, seq;
};

struct OwnerRun {
  long violations = 0;
  long ops = 0;
};

// Sizes from every class, weighted to the small ones.
inline std::size_t pick_size(std::mt19937_64& rng) {
  static constexpr std::size_t sizes[] = {16, 24, 32, 48, 64, 100, 128, 200, 256, 512, 1000, 2048, 4096};
  return sizes[rng() % (sizeof sizes / sizeof sizes[0])];
}

template <class P>
OwnerRun owner_check(P& pool, int threads, int rounds, std::uint64_t seed) {
  constexpr int held = 32, shared = 64;
  struct Slot {
    std::atomic<void*> p{nullptr};
    std::atomic<std::size_t> n{0};
  };
  std::vector<Slot> slots(shared);
  std::atomic<long> violations{0}, ops{0};
  std::atomic<bool> slot_lock{false};
  auto stamp = [](void* p, std::uint64_t owner, std::uint64_t seq) {
    Stamp s{owner, seq};
    std::memcpy(p, &s, sizeof s);
  };
  auto intact = [](void* p, std::uint64_t owner, std::uint64_t seq) {
    Stamp s;
    std::memcpy(&s, p, sizeof s);
    return s.owner == owner && s.seq == seq;
  };
  std::vector<std::thread> pool_threads;
  verify::StartGate gate(static_cast<unsigned>(threads));
  for (int t = 0; t < threads; ++t) {
    pool_threads.emplace_back([&, t] {
      gate.arrive();  // all threads at once; a timeout costs only overlap
      std::mt19937_64 rng(seed + static_cast<std::uint64_t>(t));
      struct Held {
        void* p = nullptr;
        std::size_t n = 0;
        std::uint64_t seq = 0;
      } mine[held];
      const std::uint64_t me = static_cast<std::uint64_t>(t) + 1;
      std::uint64_t seq = 0;
      for (int r = 0; r < rounds; ++r) {
        Held& h = mine[rng() % held];
        if (h.p) {
          if (!intact(h.p, me, h.seq)) violations.fetch_add(1);
          if (rng() % 2) {
            pool.deallocate(h.p, h.n);
          } else {
            // Trade: leave it in a shared slot, free whatever was there (cross-thread).
            stamp(h.p, 0, 0);
            Slot& s = slots[rng() % shared];
            // bounded: the holder keeps this test lock for two exchanges
            while (slot_lock.exchange(true, std::memory_order_acquire)) std::this_thread::yield();
            void* old = s.p.exchange(h.p);
            std::size_t oldn = s.n.exchange(h.n);
            slot_lock.store(false, std::memory_order_release);
            if (old) pool.deallocate(old, oldn);
          }
          h.p = nullptr;
        }
        h.n = pick_size(rng);
        h.p = pool.allocate(h.n);
        h.seq = ++seq;
        stamp(h.p, me, h.seq);
        if (h.n > sizeof(Stamp)) std::memset(static_cast<char*>(h.p) + sizeof(Stamp), 0x5a, h.n - sizeof(Stamp));
        ops.fetch_add(1, std::memory_order_relaxed);
      }
      for (auto& h : mine)
        if (h.p) {
          if (!intact(h.p, me, h.seq)) violations.fetch_add(1);
          pool.deallocate(h.p, h.n);
        }
    });
  }
  for (auto& th : pool_threads) th.join();
  for (auto& s : slots)
    if (void* p = s.p.load()) pool.deallocate(p, s.n.load());
  return {violations.load(), ops.load()};
}

}  // namespace gauntlet::pool::test
