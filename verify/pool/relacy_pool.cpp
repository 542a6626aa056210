// Relacy model checks for every pool that is not a peer.
//
//   relacy-aba            the ABA schedule: four blocks X, Y, Z, W on one free
//                         list; thread A allocates twice, thread B allocates
//                         three (X, Y, Z) and frees X while holding Y and Z. A
//                         pop of A's preempted between reading X's next (Y)
//                         and its CAS sees the head word back at X after 4
//                         changes: an untagged list, or a 2-bit tag, lets the
//                         CAS install Y, which B holds, and A's next allocate
//                         hands Y out twice. Each block carries an owner word
//                         (exchange on allocate must find it unowned) and a
//                         plain shared variable the holder writes: a block
//                         handed over without happens-before is a data race.
//   relacy-aba-bounded    the same, context-bound search (the Treiber lists).
//   relacy-handout        3 threads allocate and free mixed sizes, with
//                         2-block magazines and 4-block slabs so that every
//                         depot and refill path runs: no block is held twice.
//   relacy-cross-free     one thread allocates and hands blocks to another,
//                         which frees them; then both allocate again.
//   relacy-concurrent-carve  two threads allocate from two empty classes at
//                         once: both carve a slab from the one shared list.
//
// Depth: --depth ci runs 20,000 random schedules per check and bound 2;
// --depth full 200,000 and bound 3.
#include <cstdint>

#include "impls/pool/family.hpp"
#include "verify/common/relacy_runner.hpp"
#include "verify/common/verdict.hpp"

namespace gauntlet::pool {
namespace {

using verify::RelacyConfig;
using verify::run_relacy;

constexpr PoolConfig small{1, 2};  // 4 blocks per slab, 2-block magazines
constexpr int tracked = 16;

// Blocks known by address, each with an owner word and a holder's variable.
struct Ledger {
  void* addr[tracked] = {};
  int known = 0;
  atomic<int> owner[tracked];
  shared_var<int> data[tracked];

  int index(void* p) {
    for (int i = 0; i < known; ++i)
      if (addr[i] == p) return i;
    return -1;
  }
  // Single-threaded (before()): learn a block.
  void learn(void* p) {
    if (index(p) < 0 && known < tracked) addr[known++] = p;
  }
  void take(void* p, int me) {
    RL_ASSERT(p != nullptr);
    int i = index(p);
    if (i < 0) return;
    int prev = owner[i].exchange(me, std::memory_order_relaxed);
    RL_ASSERT(prev == 0);  // a block handed out twice
    data[i].store(me);
  }
  void give(void* p, int me) {
    int i = index(p);
    if (i < 0) return;
    RL_ASSERT(data[i].load() == me);
    owner[i].store(0, std::memory_order_relaxed);
  }
};

template <class P>
struct AbaSuite : rl::test_suite<AbaSuite<P>, 2> {
  P pool{small};
  Ledger ledger;

  void before() {
    void* b[4];
    for (auto& p : b) p = pool.allocate(16);
    for (auto* p : b) ledger.learn(p);
    for (int i = 3; i >= 0; --i) pool.deallocate(b[i], 16);  // the list: b0, b1, b2, b3
  }
  void thread(unsigned index) {
    const int me = static_cast<int>(index) + 1;
    if (index == 0) {
      void* p = pool.allocate(16);
      ledger.take(p, me);
      void* q = pool.allocate(16);
      ledger.take(q, me);
      ledger.give(q, me);
      pool.deallocate(q, 16);
      ledger.give(p, me);
      pool.deallocate(p, 16);
    } else {
      void* a = pool.allocate(16);
      ledger.take(a, me);
      void* b = pool.allocate(16);
      ledger.take(b, me);
      void* c = pool.allocate(16);
      ledger.take(c, me);
      ledger.give(a, me);
      pool.deallocate(a, 16);
      ledger.give(b, me);
      pool.deallocate(b, 16);
      ledger.give(c, me);
      pool.deallocate(c, 16);
    }
  }
};

template <class P>
struct HandoutSuite : rl::test_suite<HandoutSuite<P>, 3> {
  P pool{small};
  Ledger ledger;

  void before() {
    void* b[8];
    for (int i = 0; i < 8; ++i) b[i] = pool.allocate(i < 4 ? 16 : 32);
    for (auto* p : b) ledger.learn(p);
    for (int i = 0; i < 8; ++i) pool.deallocate(b[i], i < 4 ? 16 : 32);
  }
  void thread(unsigned index) {
    const int me = static_cast<int>(index) + 1;
    const std::size_t n = index == 2 ? 32 : 16;
    for (int round = 0; round < 2; ++round) {
      void* p = pool.allocate(n);
      ledger.take(p, me);
      void* q = pool.allocate(16);
      ledger.take(q, me);
      ledger.give(p, me);
      pool.deallocate(p, n);
      ledger.give(q, me);
      pool.deallocate(q, 16);
    }
  }
};

template <class P>
struct CrossFreeSuite : rl::test_suite<CrossFreeSuite<P>, 2> {
  P pool{small};
  Ledger ledger;
  atomic<void*> box[3];

  void before() {
    void* b[6];
    for (auto& p : b) p = pool.allocate(16);
    for (auto* p : b) ledger.learn(p);
    for (auto* p : b) pool.deallocate(p, 16);
  }
  void thread(unsigned index) {
    if (index == 0) {
      for (auto& slot : box) {
        void* p = pool.allocate(16);
        ledger.take(p, 1);
        ledger.give(p, 1);
        static_cast<int*>(p)[0] = 7;  // the block's own bytes travel with it
        slot.store(p, std::memory_order_release);
      }
      void* p = pool.allocate(16);
      ledger.take(p, 1);
      ledger.give(p, 1);
      pool.deallocate(p, 16);
    } else {
      for (auto& slot : box) {
        void* p;
        while ((p = slot.load(std::memory_order_acquire)) == nullptr) spin_pause();
        RL_ASSERT(static_cast<int*>(p)[0] == 7);
        pool.deallocate(p, 16);
      }
      void* p = pool.allocate(16);
      ledger.take(p, 2);
      ledger.give(p, 2);
      pool.deallocate(p, 16);
    }
  }
};

// Two classes refill at once on a fresh pool: the slab list is shared by
// every class, so the pool's slab lock, not the class locks, must order the
// two carves (the list head is a checked variable: an unordered pair races).
template <class P>
struct ConcurrentCarveSuite : rl::test_suite<ConcurrentCarveSuite<P>, 2> {
  P pool{small};

  void thread(unsigned index) {
    const std::size_t n = index == 0 ? 16 : 32;
    void* p = pool.allocate(n);
    RL_ASSERT(p != nullptr);
    static_cast<int*>(p)[0] = static_cast<int>(index);
    pool.deallocate(p, n);
  }
};

struct Budget {
  rl::iteration_t random_iterations;
  unsigned context_bound;
};

template <class P>
void check(verify::Verifier& v, const Budget& b) {
  const auto random = RelacyConfig::random(b.random_iterations);
  v.record<P>("relacy-aba", run_relacy<AbaSuite<P>>(random));
  // The bounded search explores the free lists' one CAS race; the locked pools have none.
  if constexpr (requires { P::tagged_free_list; })
    v.record<P>("relacy-aba-bounded", run_relacy<AbaSuite<P>>(RelacyConfig::context_bounded(b.context_bound)));
  if constexpr (P::kind == Kind::ours) {
    v.record<P>("relacy-handout", run_relacy<HandoutSuite<P>>(random));
    v.record<P>("relacy-cross-free", run_relacy<CrossFreeSuite<P>>(random));
    v.record<P>("relacy-concurrent-carve", run_relacy<ConcurrentCarveSuite<P>>(random));
  }
}

}  // namespace
}  // namespace gauntlet::pool

int main(int argc, char** argv) {
  using namespace gauntlet;
  verify::Verifier v(std::string(pool::family_name), argc, argv);
  (void)pool::machine_has_la57();  // read /proc/cpuinfo once, outside the simulation
  const pool::Budget budget = v.full() ? pool::Budget{200000, 3} : pool::Budget{20000, 2};
  for_each_type(pool::verified_in_process{}, [&]<class P>() {
    if constexpr (model_checkable<P>)
      if (v.selected(P::name)) pool::check<P>(v, budget);
  });
  return v.finish_known(pool::implementations{});
}
