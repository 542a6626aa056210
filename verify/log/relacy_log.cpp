// Relacy model checks of our loggers' core (impls/log/core.hpp: the ring and
// the overflow policy, without the consumer's thread and file).
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
  });
  return v.finish_known(log::implementations{});
}
