// Relacy model checks of every queue we wrote (peers are not ours to
// instrument), the known-bad mutants included:
//   publication-fifo-wrap  1 producer, 1 consumer, 4 elements through 2 slots:
//                          a slot is never read before its element is visible,
//                          order is kept across laps (catches both mutants)
//   no-loss-no-dup         2 producers, 2 consumers: each element once, each
//                          producer's order kept (multi-producer queues)
//   close-drain            a producer, a closer and a consumer: every accepted
//                          push is popped once, every waiter wakes up
//   wake-by-push           a consumer blocks in pop() on an empty queue and only
//                          the producer's ordinary push() wakes it (no close()
//                          anywhere): a lost wake-up leaves it asleep, which
//                          Relacy reports as a deadlock
//   wake-by-pop            a producer blocks in push() on a full queue and only
//                          the consumer's ordinary pop() wakes it (no close())
//   close-wakes-producer   a producer blocks in push() on a full queue nobody
//                          pops: only close() can wake it, and push() returns
//                          closed
//   two-sleepers          multi-consumer queues: 2 consumers block in pop() on
//                          an empty queue at once and 1 producer's 2 pushes must
//                          wake both (a lost count of sleepers leaves one asleep)
//   two-wakers             multi-producer queues: 1 consumer blocks in pop() for
//                          2 elements that 2 producers push at once (their
//                          notifies race: a lost bump leaves it asleep)
// The checks above sample Relacy's random scheduler; these search every
// schedule within a preemption bound (RelacyConfig::context_bounded, common/relacy_runner.hpp):
//   bounded-fifo-wrap      1 producer, 1 consumer, 3 elements through 2 slots
//                          (catches both mutants)
//   bounded-two-producers  2 producers x 1 element, 1 consumer: each once
//                          (multi-producer queues)
//   bounded-close-drain    close-drain with 2 pushes into 2 slots (1 on the
//                          multi-producer queues), every schedule with one
//                          preemption
//   bounded-wake-by-push   wake-by-push with 1 element, every schedule with one
//                          preemption
//   bounded-wake-by-pop    wake-by-pop, every schedule with one preemption
#include <array>
#include <cstdint>

#include "impls/queue/ours.hpp"
#include "verify/common/relacy_runner.hpp"
#include "verify/common/verdict.hpp"

using namespace gauntlet;
using namespace gauntlet::queue;
using gauntlet::verify::RelacyConfig;
using gauntlet::verify::run_relacy;

namespace {

template <class Q>
void push_spin(Q& q, std::uint64_t v) {
  while (q.try_push(v) != Status::ok) spin_pause();
}
template <class Q>
std::uint64_t pop_spin(Q& q) {
  std::uint64_t v = 0;
  while (q.try_pop(v) != Status::ok) spin_pause();
  return v;
}

// 1 producer, 1 consumer, Elements through 2 slots: from the third on, each
// push reuses a slot, so slots are handed back and forth. 4 for the random
// scheduler; 3 for the bounded search, the smallest that still wraps.
template <class Q, std::uint64_t Elements>
struct FifoWrap : rl::test_suite<FifoWrap<Q, Elements>, 2> {
  Q q{2};
  void thread(unsigned id) {
    if (id == 0) {
      for (std::uint64_t i = 1; i <= Elements; ++i) push_spin(q, i);
    } else {
      for (std::uint64_t i = 1; i <= Elements; ++i) RL_ASSERT(pop_spin(q) == i);
    }
  }
};

template <class Q>
struct NoLossNoDup : rl::test_suite<NoLossNoDup<Q>, 4> {
  Q q{2};
  std::array<std::array<std::uint64_t, 2>, 2> got{};  // per consumer; read after the threads join
  void thread(unsigned id) {
    if (id < 2) {
      push_spin(q, 10 * (id + 1));
      push_spin(q, 10 * (id + 1) + 1);
    } else {
      got[id - 2][0] = pop_spin(q);
      got[id - 2][1] = pop_spin(q);
    }
  }
  void after() {
    unsigned seen = 0;  // bit per element: 10, 11, 20, 21
    for (auto& g : got) {
      for (auto v : g) {
        RL_ASSERT(v == 10 || v == 11 || v == 20 || v == 21);
        unsigned bit = 1u << ((v / 10 - 1) * 2 + v % 10);
        RL_ASSERT(!(seen & bit));
        seen |= bit;
      }
      RL_ASSERT(!(g[0] / 10 == g[1] / 10 && g[0] > g[1]));  // one producer's elements, in its order
    }
    RL_ASSERT(seen == 0xf);
  }
};

// Pushes elements 1..Pushes; at the bounded search's size (1 or 2 pushes
// into 2 slots) the producer never waits, so what is explored is close()
// against the consumer's sleep.
template <class Q, unsigned Pushes = 3>
struct CloseDrain : rl::test_suite<CloseDrain<Q, Pushes>, 3> {
  Q q{2};
  unsigned accepted = 0, popped = 0;  // bit masks, each written by one thread
  bool push_after_refusal = false;
  void thread(unsigned id) {
    if (id == 0) {
      bool refused = false;
      for (unsigned i = 1; i <= Pushes; ++i) {
        Status s = q.push(i);
        if (s == Status::ok) {
          accepted |= 1u << i;
          if (refused) push_after_refusal = true;
        } else {
          RL_ASSERT(s == Status::closed);
          refused = true;
        }
      }
    } else if (id == 1) {
      q.close();
    } else {
      std::uint64_t v = 0, last = 0;
      while (q.pop(v) == Status::ok) {
        RL_ASSERT(v > last);
        last = v;
        popped |= 1u << v;
      }
    }
  }
  void after() {
    RL_ASSERT(!push_after_refusal);
    RL_ASSERT(accepted == popped);  // nothing accepted was lost, nothing extra appeared
  }
};

// A consumer blocks in pop() on an empty queue and must be woken by ordinary
// push()es: no close() anywhere, so nothing else ever wakes it. The scenarios
// with close() cannot show a lost wake-up on this path (close() wakes every
// waiter), and try_* never sleeps. Elements <= 2 fit the 2 slots, so the
// producer never waits and the consumer is the only thread that can sleep.
template <class Q, std::uint64_t Elements>
struct WakeByPush : rl::test_suite<WakeByPush<Q, Elements>, 2> {
  Q q{2};
  void thread(unsigned id) {
    if (id == 0) {
      for (std::uint64_t i = 1; i <= Elements; ++i) RL_ASSERT(q.push(i) == Status::ok);
    } else {
      for (std::uint64_t i = 1; i <= Elements; ++i) {
        std::uint64_t v = 0;
        RL_ASSERT(q.pop(v) == Status::ok);
        RL_ASSERT(v == i);
      }
    }
  }
};

// A producer fills the 2 slots, then blocks in push() on the full queue, and
// a second thread, once it sees the queue filled, unblocks it one way:
//   Unblock::pop    an ordinary pop(), which must wake the producer (no close()
//                   anywhere): push() returns ok, and the pop gets element 1;
//   Unblock::close  close(): nobody pops, so only close() can wake it, and
//                   push() returns closed (close-drain cannot show this: there
//                   every pop wakes the producer on its own).
// In both the producer is the one thread that sleeps for a change still to
// come. `filled` is relaxed: it only holds the second thread back until the
// queue is full and gives the queue no happens-before of its own (a consumer
// may still find the pushes not yet visible and wait for them, as any may).
enum class Unblock { pop, close };
template <class Q, Unblock How>
struct FullProducer : rl::test_suite<FullProducer<Q, How>, 2> {
  Q q{2};
  atomic<bool> filled{false};
  void thread(unsigned id) {
    if (id == 0) {
      RL_ASSERT(q.push(1) == Status::ok);
      RL_ASSERT(q.push(2) == Status::ok);
      filled.store(true, std::memory_order_relaxed);
      RL_ASSERT(q.push(3) == (How == Unblock::pop ? Status::ok : Status::closed));
    } else {
      while (!filled.load(std::memory_order_relaxed)) spin_pause();
      if constexpr (How == Unblock::pop) {
        std::uint64_t v = 0;
        RL_ASSERT(q.pop(v) == Status::ok);
        RL_ASSERT(v == 1);
      } else {
        q.close();
      }
    }
  }
};

// More than one thread on one side of an event count at once: two sleepers
// (Consumers = 2) or two notifiers (Producers = 2), and no close() anywhere.
template <class Q, unsigned Producers, unsigned Consumers>
struct ManyOnOneSide : rl::test_suite<ManyOnOneSide<Q, Producers, Consumers>, Producers + Consumers> {
  static constexpr unsigned elements = Producers * Consumers == 2 ? 2 : 1;
  Q q{2};
  void thread(unsigned id) {
    if (id < Producers) {
      for (unsigned i = 0; i < elements / Producers; ++i) RL_ASSERT(q.push(id * 2 + i + 1) == Status::ok);
    } else {
      for (unsigned i = 0; i < elements / Consumers; ++i) {
        std::uint64_t v = 0;
        RL_ASSERT(q.pop(v) == Status::ok);
        RL_ASSERT(v >= 1 && v <= 3);
      }
    }
  }
};

// The bounded searches' scenarios are the smallest that still wrap or race.
// 2 producers race for one position; the consumer must get each element once.
template <class Q>
struct BoundedTwoProducers : rl::test_suite<BoundedTwoProducers<Q>, 3> {
  Q q{2};
  void thread(unsigned id) {
    if (id < 2) {
      push_spin(q, id + 1);
    } else {
      std::uint64_t a = pop_spin(q), b = pop_spin(q);
      RL_ASSERT((a == 1 && b == 2) || (a == 2 && b == 1));
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  verify::Verifier v("queue", argc, argv);
  const auto cfg = RelacyConfig::random(v.full() ? 1000000 : 20000);
  // Schedules explored (in the row), Release, this machine: the MPMC rings take
  // 0.2 M per scenario at bound 2 (about a second) and 4 M at bound 3 (about
  // 10 s); bound 4 passes 48 M and minutes.
  const auto bounded = RelacyConfig::context_bounded(v.full() ? 3 : 2);
  // One preemption: a consumer that checks, misses close() and sleeps is found.
  const auto close_bounded = RelacyConfig::context_bounded(1);
  for_each_type(relacy_checked{}, [&]<class Q>() {
    if (!v.selected(Q::name)) return;
    v.record<Q>("publication-fifo-wrap", run_relacy<FifoWrap<Q, 4>>(cfg));
    if constexpr (Q::max_producers == 0 && Q::max_consumers == 0)
      v.record<Q>("no-loss-no-dup", run_relacy<NoLossNoDup<Q>>(cfg));
    v.record<Q>("close-drain", run_relacy<CloseDrain<Q>>(cfg));
    v.record<Q>("wake-by-push", run_relacy<WakeByPush<Q, 2>>(cfg));
    v.record<Q>("wake-by-pop", run_relacy<FullProducer<Q, Unblock::pop>>(cfg));
    v.record<Q>("close-wakes-producer", run_relacy<FullProducer<Q, Unblock::close>>(cfg));
    if constexpr (Q::max_consumers == 0) v.record<Q>("two-sleepers", run_relacy<ManyOnOneSide<Q, 1, 2>>(cfg));
    if constexpr (Q::max_producers == 0) v.record<Q>("two-wakers", run_relacy<ManyOnOneSide<Q, 2, 1>>(cfg));
    // The multi-producer queues' compare-and-swaps make 2 pushes 12 million
    // schedules (45 s each); 1 push is the same race in 2.7 million.
    constexpr unsigned close_pushes = Q::max_producers == 0 ? 1 : 2;
    v.record<Q>("bounded-close-drain", run_relacy<CloseDrain<Q, close_pushes>>(close_bounded));
    // One preemption: a waiter that checks, misses the change and sleeps while
    // the other side's notify finds no waiter is found.
    v.record<Q>("bounded-wake-by-push", run_relacy<WakeByPush<Q, 1>>(close_bounded));
    v.record<Q>("bounded-wake-by-pop", run_relacy<FullProducer<Q, Unblock::pop>>(close_bounded));
    v.record<Q>("bounded-fifo-wrap", run_relacy<FifoWrap<Q, 3>>(bounded));
    // Two elements in two slots never wrap, so the unchecked-sequence mutant
    // has nothing to overwrite here: bounded-fifo-wrap is the check meant for it.
    if constexpr (Q::max_producers == 0)
      v.record<Q>("bounded-two-producers", run_relacy<BoundedTwoProducers<Q>>(bounded));
  });
  return v.finish();
}
