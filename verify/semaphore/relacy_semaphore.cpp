// Relacy model checks for every semaphore that is not a peer.
//
//   relacy-permits          3 threads (weights 2, 1, 1) on 2 permits: the
//                           permits in use never exceed 2, and the holder of
//                           both writes a plain shared variable that the
//                           others read while they hold one: acquire and
//                           release must order those accesses, or Relacy
//                           reports the data race.
//   relacy-permits-bounded  the same property on the smallest configuration
//                           (2 threads, weights 2 and 1), context-bound search.
//   relacy-try-permits      try_acquire(1) twice beside a holder of both
//                           permits: the same exclusion and ordering.
//   relacy-progress         releases of 1 must wake waiters for 2 and 1: no
//                           deadlock, no lost wake-up, no permit left over.
//   relacy-timeout          a timed waiter at the head gives up (Relacy picks
//                           when) while a waiter for 1 queues behind it: the
//                           one behind must still get in; nothing leaks.
//
// The seed's release lets a waiter for 2 in on 1 permit, so relacy-permits
// (and its bounded form) must catch it.
//
// Depth: --depth ci runs 50,000 random schedules per check and the bounded
// search with context bound 3 (a few seconds in all); --depth full 500,000
// and bound 4.
#include "impls/semaphore/family.hpp"
#include "verify/common/relacy_runner.hpp"
#include "verify/common/verdict.hpp"
#include "verify/semaphore/free_permits.hpp"

namespace gauntlet::semaphore {
namespace {

using verify::RelacyConfig;
using verify::run_relacy;

steady_clock::time_point soon() { return steady_clock::now() + std::chrono::milliseconds(1); }

template <class Sem, int Threads>
struct PermitsSuite : rl::test_suite<PermitsSuite<Sem, Threads>, Threads> {
  static constexpr std::ptrdiff_t max = 2;
  Sem sem{max};
  atomic<int> in_use{0};
  shared_var<int> guarded{0};  // written only with both permits held

  void thread(unsigned index) {
    const std::ptrdiff_t n = index == 0 ? 2 : 1;
    for (int round = 0; round < 2; ++round) {
      sem.acquire(n);
      int now = in_use.fetch_add(static_cast<int>(n), std::memory_order_relaxed) + static_cast<int>(n);
      RL_ASSERT(now <= max);
      if (n == max)
        guarded.store(guarded.load() + 1);
      else
        (void)guarded.load();
      in_use.fetch_sub(static_cast<int>(n), std::memory_order_relaxed);
      sem.release(n);
    }
  }
  // No end-state check here: the in-use bound alone must catch the seed.
};

// try_acquire beside a blocking holder of every permit: a permit taken by
// try_acquire must be as exclusive, and as ordered, as one from acquire.
template <class Sem>
struct TryPermitsSuite : rl::test_suite<TryPermitsSuite<Sem>, 2> {
  static constexpr std::ptrdiff_t max = 2;
  Sem sem{max};
  atomic<int> in_use{0};
  shared_var<int> guarded{0};  // written only with both permits held

  void thread(unsigned index) {
    if (index == 0) {
      sem.acquire(max);
      RL_ASSERT(in_use.fetch_add(max, std::memory_order_relaxed) == 0);
      guarded.store(guarded.load() + 1);
      in_use.fetch_sub(max, std::memory_order_relaxed);
      sem.release(max);
    } else {
      for (int round = 0; round < 2; ++round) {
        if (!sem.try_acquire(1)) continue;
        RL_ASSERT(in_use.fetch_add(1, std::memory_order_relaxed) + 1 <= max);
        (void)guarded.load();
        in_use.fetch_sub(1, std::memory_order_relaxed);
        sem.release(1);
      }
    }
  }
};

template <class Sem>
struct ProgressSuite : rl::test_suite<ProgressSuite<Sem>, 3> {
  Sem sem{3, 0};

  void thread(unsigned index) {
    if (index == 0)
      sem.acquire(2);
    else if (index == 1)
      sem.acquire(1);
    else
      for (int i = 0; i < 3; ++i) sem.release(1);
  }
  void after() { RL_ASSERT(exactly_free(sem, 0)); }  // 3 released, 3 taken
};

template <class Sem>
struct TimeoutSuite : rl::test_suite<TimeoutSuite<Sem>, 2> {
  Sem sem{2, 1};  // one of two permits is never released: the timed waiter cannot win

  void thread(unsigned index) {
    if (index == 0) {
      bool got = sem.try_acquire_until(2, soon());
      RL_ASSERT(!got);
    } else {
      sem.acquire(1);
      sem.release(1);
    }
  }
  void after() { RL_ASSERT(exactly_free(sem, 1)); }
};

struct Budget {
  rl::iteration_t random_iterations;
  unsigned context_bound;
};

template <class Sem>
void check(verify::Verifier& v, const Budget& b) {
  const auto random = RelacyConfig::random(b.random_iterations);
  v.record<Sem>("relacy-permits", run_relacy<PermitsSuite<Sem, 3>>(random));
  v.record<Sem>("relacy-permits-bounded",
                run_relacy<PermitsSuite<Sem, 2>>(RelacyConfig::context_bounded(b.context_bound)));
  v.record<Sem>("relacy-try-permits", run_relacy<TryPermitsSuite<Sem>>(random));
  v.record<Sem>("relacy-progress", run_relacy<ProgressSuite<Sem>>(random));
  v.record<Sem>("relacy-timeout", run_relacy<TimeoutSuite<Sem>>(random));
}

}  // namespace
}  // namespace gauntlet::semaphore

int main(int argc, char** argv) {
  using namespace gauntlet;
  verify::Verifier v(std::string(semaphore::family_name), argc, argv);
  const semaphore::Budget budget = v.full() ? semaphore::Budget{500000, 4} : semaphore::Budget{50000, 3};
  // --only must name an implementation of the family; a peer is valid but never model-checked.
  for_each_type(semaphore::verified_implementations{}, [&]<class Sem>() {
    if (!v.selected(Sem::name)) return;
    if constexpr (model_checkable<Sem>) semaphore::check<Sem>(v, budget);
  });
  return v.finish_known(semaphore::verified_implementations{});
}
