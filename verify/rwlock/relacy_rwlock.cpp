// Relacy model checks for every reader-writer lock that is ours (peers are
// not instrumented). Rows, per implementation:
//
//   relacy-mutual-exclusion  2 writers + 1 reader, random scheduler. Writers
//                            bump a pair of plain shared variables under lock();
//                            the reader reads both under lock_shared() and must
//                            see them equal. Relacy reports any unsynchronised
//                            access to them as a data race.
//   relacy-progress          3 threads mixing blocking and try calls, random
//                            scheduler: no deadlock, no lost wake-up (Relacy
//                            flags a thread blocked forever), and the lock is
//                            free at the end.
//   relacy-context-bound     1 writer + 1 reader, two rounds each: the
//                            mutual-exclusion test under the fair context-bound
//                            (bounded full) search, preemption bound 2.
//   relacy-shared-slot       implementations with per-thread slots (`crowded`:
//                            the same lock with one slot): 1 writer + 2 readers
//                            on one reader indicator, random scheduler, so that a
//                            lost update of a shared count is seen;
//   relacy-shared-slot-progress  relacy-progress on the one-slot lock (its try
//                            calls share the indicator too).
//
// Known-bad variants must be caught by the mutual-exclusion checks.
#include <string>

#include "impls/rwlock/family.hpp"
#include "verify/common/relacy_runner.hpp"
#include "verify/common/verdict.hpp"

namespace gauntlet::rwlock {
namespace {

template <class Lock, unsigned Writers, unsigned Readers, unsigned Rounds>
struct MutualExclusion : rl::test_suite<MutualExclusion<Lock, Writers, Readers, Rounds>, Writers + Readers> {
  Lock lock;
  shared_var<int> first{0};
  shared_var<int> second{0};

  void thread(unsigned idx) {
    for (unsigned r = 0; r < Rounds; ++r) {
      if (idx < Writers) {
        lock.lock();
        int v = first.load() + 1;
        first.store(v);
        second.store(v);
        lock.unlock();
      } else {
        lock.lock_shared();
        int a = first.load();
        int b = second.load();
        RL_ASSERT(a == b);  // a writer was not in the middle of its update
        lock.unlock_shared();
      }
    }
  }

  void after() { RL_ASSERT(first.load() == static_cast<int>(Writers * Rounds)); }
};

template <class Lock>
struct Progress : rl::test_suite<Progress<Lock>, 3> {
  Lock lock;
  shared_var<int> data{0};

  void write() { data.store(data.load() + 1); }
  void read() { (void)data.load(); }

  void thread(unsigned idx) {
    switch (idx) {
      case 0:  // a writer, twice
        for (int i = 0; i < 2; ++i) {
          lock.lock();
          write();
          lock.unlock();
        }
        break;
      case 1:  // a reader, twice
        for (int i = 0; i < 2; ++i) {
          lock.lock_shared();
          read();
          lock.unlock_shared();
        }
        break;
      default:  // the try calls, then a blocking read after a blocking write
        if (lock.try_lock_shared()) {
          read();
          lock.unlock_shared();
        }
        if (lock.try_lock()) {
          write();
          lock.unlock();
        }
        lock.lock();
        write();
        lock.unlock();
        lock.lock_shared();
        read();
        lock.unlock_shared();
        break;
    }
  }

  // Nothing leaked: with every thread gone the lock is free to both sides.
  void after() {
    RL_ASSERT(lock.try_lock());
    lock.unlock();
    RL_ASSERT(lock.try_lock_shared());
    lock.unlock_shared();
  }
};

verify::RandomSearch random_search(const verify::Verifier& v) {
  return verify::RelacyConfig::random(v.full() ? 1000000 : 50000);
}

// Bound 3 takes reader-scalable (a 64-slot writer scan) past 30 million
// schedules, so both depths use bound 2 (about 260 000 schedules, seconds).
verify::BoundedSearch bounded_search(const verify::Verifier&) { return verify::RelacyConfig::context_bounded(2); }

}  // namespace
}  // namespace gauntlet::rwlock

int main(int argc, char** argv) {
  using namespace gauntlet;
  using namespace gauntlet::rwlock;
  verify::Verifier v(std::string(family_name), argc, argv);
  for_each_type(verified_implementations{}, [&]<class L>() {
    if constexpr (model_checkable<L>) {
      if (!v.selected(L::name)) return;
      v.record<L>("relacy-mutual-exclusion", verify::run_relacy<MutualExclusion<L, 2, 1, 2>>(random_search(v)));
      v.record<L>("relacy-progress", verify::run_relacy<Progress<L>>(random_search(v)));
      v.record<L>("relacy-context-bound", verify::run_relacy<MutualExclusion<L, 1, 1, 2>>(bounded_search(v)));
      if constexpr (requires { typename L::crowded; }) {
        v.record<L>("relacy-shared-slot",
                    verify::run_relacy<MutualExclusion<typename L::crowded, 1, 2, 2>>(random_search(v)));
        v.record<L>("relacy-shared-slot-progress", verify::run_relacy<Progress<typename L::crowded>>(random_search(v)));
      }
    }
  });
  return v.finish();
}
