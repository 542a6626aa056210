// Relacy model checks of our loggers' core (impls/log/core.hpp: the ring and
// the overflow policy, without the consumer's thread and file) and of flush()'s
// handshake with the consumer (impls/log/flush_handshake.hpp).
//
//   relacy-accounting   2 producers log 3 entries each into a ring of 2
//                       slots while the consumer takes entries one at a
//                       time until both producers are done and the ring is
//                       drained, sleeping on the core's event count when
//                       there is nothing to take: produced == 6, delivered + dropped == 6,
//                       the consumer saw exactly `delivered` entries, each
//                       producer's in its own order, and under block all 6.
//                       Slot contents are checked words: a consumer or an
//                       evicting producer reading a slot not yet committed,
//                       or a producer reusing one still being read, is a
//                       data race; a lost wake-up (of the sleeping consumer,
//                       or of a producer blocked on a full ring) a deadlock.
//
//   relacy-close        2 producers log 2 entries each while the consumer,
//                       after one take, closes the ring and drains to the
//                       final position: produced == 4 and delivered +
//                       dropped == 4 (nothing lost between a producer's
//                       claim and the close; blocked producers woken).
//
//   relacy-wakeup       (block) the consumer sleeps until all 6 entries of 2
//                       producers are in, woken by their notifications only:
//                       a lost one is a deadlock.
//
//   relacy-flush        2 threads each count a drop (relaxed, as the core's
//                       counters are) and flush(); a model consumer, shaped
//                       like the logger's, answers round after round, reading
//                       the drop count after requested(), and sleeps on the
//                       core's event count until a new request: a round that
//                       answers request k saw at least k drops (the flusher's
//                       release, the round's acquire); an answer stored
//                       outside the lock is a data race, one not woken for a
//                       deadlock (the consumer never exits here to rescue it).
//
//   relacy-flush-exit   the consumer answers one round and exits while a
//                       thread counts a drop and flushes: a flush asked after
//                       that round is ended by exit() alone (lost wake-up: a
//                       deadlock; exited_ outside the lock: a race).
//                       Both flush scenarios are searched exhaustively within
//                       2 preemptions, so what they catch they catch every run.
//
// Its teeth: drop-oldest-uncounted (on the family list) must be caught.
// Depth: --depth ci 20,000 random schedules per implementation; full 200,000.
#include <cstdint>
#include <string>

#include "impls/log/family.hpp"
#include "verify/common/relacy_runner.hpp"
#include "verify/common/verdict.hpp"

namespace gauntlet::log {
namespace {

template <class Core, Overflow P>
struct AccountingSuite : rl::test_suite<AccountingSuite<Core, P>, 3> {
  static constexpr unsigned producers = 2, per = 3, total = producers * per;
  Core core{Config{.capacity = 2, .sample_n = 2, .deadline = std::chrono::microseconds(1)}};
  atomic<unsigned> finished{0};
  std::uint64_t got[total] = {};  // the consumer's alone, then after()'s
  unsigned n_got = 0;

  void take() {
    while (core.consume(
        [&](std::uint64_t trace, const Payload&) {
          RL_ASSERT(n_got < total);
          got[n_got++] = trace;
        },
        1))
      ;
  }

  void thread(unsigned index) {
    if (index < producers) {
      for (unsigned k = 0; k < per; ++k) core.log(0, Level::info, Fields{(std::uint64_t{index} << 8) | k, 0}, "m");
      finished.fetch_add(1, std::memory_order_release);
      core.wake_consumer();
      return;
    }
    for (;;) {
      take();
      if (finished.load(std::memory_order_acquire) == producers && core.consumed() == core.accepted_positions()) break;
      core.await_work([&] { return finished.load(std::memory_order_acquire) == producers; });
    }
  }

  void after() {
    take();
    const Counters c = core.counters();
    RL_ASSERT(c.produced == total);
    RL_ASSERT(c.delivered == n_got);
    RL_ASSERT(c.delivered + c.dropped() == total);
    if (P == Overflow::block) RL_ASSERT(c.delivered == total);
    std::uint64_t last[producers] = {0, 0};
    bool any[producers] = {false, false};
    for (unsigned i = 0; i < n_got; ++i) {
      const unsigned p = static_cast<unsigned>(got[i] >> 8);
      const std::uint64_t k = got[i] & 0xff;
      RL_ASSERT(p < producers);
      RL_ASSERT(!any[p] || k > last[p]);
      any[p] = true;
      last[p] = k;
    }
  }
};

// Block policy, no help: the consumer sleeps on the event count until all 6
// entries are in, woken only by the producers' own notifications (no final
// wake-up), so one lost notification is a deadlock.
template <class Core>
struct WakeupSuite : rl::test_suite<WakeupSuite<Core>, 3> {
  static constexpr unsigned producers = 2, per = 3, total = producers * per;
  Core core{Config{.capacity = 2}};
  unsigned n_got = 0;

  void thread(unsigned index) {
    if (index < producers) {
      for (unsigned k = 0; k < per; ++k) core.log(0, Level::info, Fields{(std::uint64_t{index} << 8) | k, 0}, "m");
      return;
    }
    for (;;) {
      while (core.consume([&](std::uint64_t, const Payload&) { ++n_got; }, 1))
        ;
      if (n_got == total) break;
      core.await_work([] { return false; });
    }
  }

  void after() { RL_ASSERT(core.counters().delivered == total); }
};

// Producers log while the consumer closes the ring after its first take,
// then drains to the final position: every call is delivered or dropped
// (closed, or its policy's cause), none lost between a claim and the close,
// and a producer blocked on a full ring is woken by the close.
template <class Core, Overflow P>
struct CloseSuite : rl::test_suite<CloseSuite<Core, P>, 3> {
  static constexpr unsigned producers = 2, per = 2, total = producers * per;
  Core core{Config{.capacity = 2, .sample_n = 2, .deadline = std::chrono::microseconds(1)}};
  unsigned n_got = 0;

  void take() {
    while (core.consume([&](std::uint64_t, const Payload&) { ++n_got; }, 1))
      ;
  }

  void thread(unsigned index) {
    if (index < producers) {
      for (unsigned k = 0; k < per; ++k) core.log(0, Level::info, Fields{(std::uint64_t{index} << 8) | k, 0}, "m");
      return;
    }
    take();
    const std::uint64_t final_tail = core.close();
    while (core.consumed() < final_tail) {
      take();
      spin_pause();
    }
  }

  void after() {
    take();
    const Counters c = core.counters();
    RL_ASSERT(c.produced == total);
    RL_ASSERT(c.delivered == n_got);
    RL_ASSERT(c.delivered + c.dropped() == total);
  }
};

// flush()'s handshake with a consumer of the model's own: each round reads
// requested(), then the drop count, and answers; between rounds it sleeps on
// the core's event count, woken by the flusher's wake(). No exit(): a lost
// answer wake-up must deadlock, not be rescued.
template <class Core, class Handshake>
struct FlushSuite : rl::test_suite<FlushSuite<Core, Handshake>, 3> {
  static constexpr unsigned flushers = 2;
  Core core{Config{.capacity = 2}};
  Handshake handshake;
  atomic<std::uint64_t> drops{0};  // stands for the core's relaxed drop counters
  std::uint64_t round_gen[flushers + 1] = {}, round_drops[flushers + 1] = {};  // the consumer's, then after()'s
  unsigned rounds = 0;

  void thread(unsigned index) {
    if (index < flushers) {
      drops.fetch_add(1, std::memory_order_relaxed);
      handshake.flush(0, [&] { core.wake_consumer(); });
      return;
    }
    for (;;) {
      const std::uint64_t gen = handshake.requested();
      RL_ASSERT(rounds <= flushers);  // every round reads a newer request
      round_gen[rounds] = gen;
      round_drops[rounds] = drops.load(std::memory_order_relaxed);
      ++rounds;
      handshake.answer(gen, 0);
      if (gen == flushers) return;
      core.await_work([&] { return handshake.requested_since(gen); });
    }
  }

  // Request k was stored after k drops (the flushers' stores are ordered by
  // the handshake's lock), so the round that read it must see them all.
  void after() {
    for (unsigned r = 0; r < rounds; ++r) RL_ASSERT(round_drops[r] >= round_gen[r]);
  }
};

// The consumer's last round, then exit(), while a thread flushes: when the
// request comes after that round, exit() alone must end the flush.
template <class Handshake>
struct FlushExitSuite : rl::test_suite<FlushExitSuite<Handshake>, 2> {
  Handshake handshake;
  atomic<std::uint64_t> drops{0};
  std::uint64_t gen_seen = 0, drops_seen = 0;  // the consumer's, then after()'s

  void thread(unsigned index) {
    if (index == 0) {
      drops.fetch_add(1, std::memory_order_relaxed);
      handshake.flush(0, [] {});
      return;
    }
    gen_seen = handshake.requested();
    drops_seen = drops.load(std::memory_order_relaxed);
    handshake.answer(gen_seen, 0);
    handshake.exit();
  }

  void after() { RL_ASSERT(drops_seen >= gen_seen); }
};

}  // namespace
}  // namespace gauntlet::log

int main(int argc, char** argv) {
  using namespace gauntlet;
  verify::Verifier v(std::string(log::family_name), argc, argv);
  const rl::iteration_t iterations = v.full() ? 200000 : 20000;
  for_each_type(log::verified_implementations{}, [&]<class L>() {
    if (!v.selected(L::name)) return;
    if constexpr (requires { typename L::core_type; })
      v.record<L>("relacy-accounting", verify::run_relacy<log::AccountingSuite<typename L::core_type, L::overflow>>(
                                           verify::RelacyConfig::random(iterations)));
    if constexpr (requires { typename L::core_type; } && L::overflow == log::Overflow::block)
      v.record<L>("relacy-wakeup", verify::run_relacy<log::WakeupSuite<typename L::core_type>>(
                                       verify::RelacyConfig::random(iterations)));
    if constexpr (requires { typename L::core_type; })
      v.record<L>("relacy-close", verify::run_relacy<log::CloseSuite<typename L::core_type, L::overflow>>(
                                      verify::RelacyConfig::random(iterations)));
    if constexpr (requires {
                    typename L::core_type;
                    typename L::handshake_type;
                  }) {
      using H = typename L::handshake_type;
      v.record<L>("relacy-flush", verify::run_relacy<log::FlushSuite<typename L::core_type, H>>(
                                      verify::RelacyConfig::random(iterations)));
      v.record<L>("relacy-flush-exit",
                  verify::run_relacy<log::FlushExitSuite<H>>(verify::RelacyConfig::context_bounded(2)));
    }
  });
  return v.finish_known(log::implementations{});
}
