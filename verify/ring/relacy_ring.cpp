// Relacy model checks of the byte-message rings (the seed's included):
//   fifo-wrap       1 producer, 1 consumer, 6 messages of 8 or 16 bytes through
//                   a 32-byte ring: every message intact, in order, across
//                   padded wrap-arounds; a consumer never sees a record before
//                   its header and bytes are published, nor does a producer reuse
//                   words before the consumer has released them (the bytes
//                   are checked variables, platform.hpp shared_words: either
//                   is a data race; catches the lap mutant, and the seed,
//                   which never wraps and merges messages)
//   multi-producer  2 producers, 2 messages each: each message once, intact,
//                   in its producer's order (multi-producer rings)
//   close-drain     producers (1, or 2 on multi-producer rings), a closer and
//                   a consumer, through the blocking layer (write and
//                   reserve/commit, read): every accepted message is read once,
//                   intact and in order, nothing after a refusal is accepted,
//                   every waiter wakes (a sleeper left behind is a deadlock)
//   close-drain-bounded  the same with one producer and one or two messages
//                   on a ring that never fills, every schedule with one preemption:
//                   a reader that checks, misses close() and sleeps forever is
//                   found, not sampled
//   close-wakes-writer  a producer blocked on a full ring with no consumer:
//                   close() wakes it and its write is refused
// The two close checks run on the rings that have close() (not the seed's).
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>

#include "impls/ring/family.hpp"
#include "verify/common/relacy_runner.hpp"
#include "verify/common/verdict.hpp"

using namespace gauntlet;
using namespace gauntlet::ring;
using gauntlet::verify::RelacyConfig;
using gauntlet::verify::run_relacy;

namespace {

// Message (p, i): 8 or 16 bytes, every byte derived from (p, i).
struct Msg {
  std::uint8_t bytes[16];
  std::size_t size;
};
Msg make(unsigned p, unsigned i) {
  Msg m{{}, (i % 2) ? 16u : 8u};
  for (std::size_t k = 0; k < m.size; ++k) m.bytes[k] = static_cast<std::uint8_t>(p * 64 + i * 8 + k);
  return m;
}
bool is(std::span<const std::byte> got, unsigned p, unsigned i) {
  Msg m = make(p, i);
  return got.size() == m.size && std::memcmp(got.data(), m.bytes, m.size) == 0;
}

std::span<const std::byte> bytes(const Msg& m) { return std::as_bytes(std::span(m.bytes, m.size)); }

// The seed's calls answer a bool, ours a Status.
bool done(bool ok) { return ok; }
bool done(Status s) { return s == Status::ok; }

template <class R>
void write_spin(R& r, unsigned p, unsigned i) {
  Msg m = make(p, i);
  while (!done(r.try_write(bytes(m)))) spin_pause();
}

template <class R>
struct FifoWrap : rl::test_suite<FifoWrap<R>, 2> {
  R r{32};  // 4 words: 16-byte messages wrap with padding
  void thread(unsigned id) {
    if (id == 0) {
      for (unsigned i = 0; i < 6; ++i) write_spin(r, 0, i);
    } else {
      for (unsigned i = 0; i < 6; ++i) {
        bool ok = false;
        while (!done(r.try_read([&](std::span<const std::byte> m) { ok = is(m, 0, i); }))) spin_pause();
        RL_ASSERT(ok);
      }
    }
  }
};

template <class R>
struct MultiProducer : rl::test_suite<MultiProducer<R>, 3> {
  R r{32};
  void thread(unsigned id) {
    if (id < 2) {
      write_spin(r, id, 0);
      write_spin(r, id, 1);
    } else {
      unsigned next[2] = {0, 0};
      for (int n = 0; n < 4; ++n) {
        bool ok = false;
        auto check = [&](std::span<const std::byte> m) {
          for (unsigned p = 0; p < 2; ++p)
            if (next[p] < 2 && is(m, p, next[p])) {
              ++next[p];
              ok = true;
              return;
            }
        };
        while (!done(r.try_read(check))) spin_pause();
        RL_ASSERT(ok);  // intact, and the next one of its producer
      }
    }
  }
};

// Through the blocking layer: even messages are copied in by write(), odd
// ones (or every one, with in_place) written in place, so the ring may close
// between reserve() and commit().
template <class R>
Status offer(R& r, unsigned p, unsigned i, bool in_place = false) {
  Msg m = make(p, i);
  if (!in_place && i % 2 == 0) return r.write(bytes(m));
  typename R::Reservation res{};
  Status s = r.reserve(m.size, res);
  if (s == Status::ok) {
    std::memcpy(res.data, m.bytes, m.size);
    r.commit(res);
  }
  return s;
}

// Producers offer Messages each into a ring of RingBytes (a lone message goes
// in place), a closer closes, a consumer reads until `closed`.
template <class R, unsigned Producers, unsigned Messages, std::size_t RingBytes>
struct CloseDrain : rl::test_suite<CloseDrain<R, Producers, Messages, RingBytes>, Producers + 2> {
  static constexpr unsigned producers = Producers, messages = Messages;
  R r{RingBytes};
  unsigned accepted[2] = {0, 0}, read[2] = {0, 0};  // per producer; each entry written by one thread
  bool accepted_after_refusal = false;

  void thread(unsigned id) {
    if (id < producers) {
      bool refused = false;
      for (unsigned i = 0; i < messages; ++i) {
        Status s = offer(r, id, i, messages == 1);
        if (s == Status::ok) {
          ++accepted[id];
          if (refused) accepted_after_refusal = true;
        } else {
          RL_ASSERT(s == Status::closed);
          refused = true;
        }
      }
    } else if (id == producers) {
      r.close();
    } else {
      for (;;) {
        bool expected = false;  // intact, and the next one of its producer
        Status s = r.read([&](std::span<const std::byte> m) {
          for (unsigned p = 0; p < producers; ++p)
            if (!expected && read[p] < messages && is(m, p, read[p])) {
              ++read[p];
              expected = true;
            }
        });
        if (s != Status::ok) {
          RL_ASSERT(s == Status::closed);
          break;
        }
        RL_ASSERT(expected);
      }
    }
  }
  void after() {
    RL_ASSERT(!accepted_after_refusal);
    for (unsigned p = 0; p < producers; ++p) RL_ASSERT(accepted[p] == read[p]);  // none lost, none invented
  }
};

// The random scheduler's size: 2 producers on multi-producer rings, and 48
// bytes offered into 32, so producers also block on a full ring.
template <class R>
constexpr unsigned close_producers = R::max_producers == 0 ? 2 : 1;
template <class R>
using CloseDrainFull = CloseDrain<R, close_producers<R>, close_producers<R> == 1 ? 4 : 2, 32>;

// The bounded search's size: one producer on a ring that never fills, so what
// is explored is the race of close() with the sleeps; two messages (one
// copied, one in place), or on a multi-producer ring, whose compare-and-swaps
// multiply the schedules, one in place. (Two producers at one preemption: 76
// million schedules, five minutes; two messages on the multi-producer ring:
// 13 million; the random scheduler covers those sizes.)
template <class R>
using CloseDrainSmall = CloseDrain<R, 1, R::max_producers == 0 ? 1 : 2, 64>;

// A producer that fills the ring and blocks, with no consumer to free it:
// only close() can end its wait.
template <class R>
struct CloseWakesWriter : rl::test_suite<CloseWakesWriter<R>, 2> {
  R r{32};
  void thread(unsigned id) {
    if (id == 1) {
      r.close();
      return;
    }
    for (unsigned i = 0;; ++i) {
      RL_ASSERT(i < 8);  // 32 bytes hold at most 4 of these messages
      Status s = offer(r, 0, i);
      if (s != Status::ok) {
        RL_ASSERT(s == Status::closed);
        return;
      }
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  verify::Verifier v("ring", argc, argv);
  const auto cfg = RelacyConfig::random(v.full() ? 1000000 : 20000);
  // Exhaustive within the bound: the random scheduler almost never stalls the
  // closer long enough to land between a writer's last try and its sleep; one
  // preemption does.
  const auto bounded = RelacyConfig::context_bounded(v.full() ? 3 : 2);
  // close-drain at its small size: every schedule with one preemption (about
  // a million). The full size took over 10 minutes at bound 2, so it stays on
  // the random scheduler.
  const auto small_bounded = RelacyConfig::context_bounded(1);
  for_each_type(verified_implementations{}, [&]<class R>() {
    if constexpr (model_checkable<R>) {
      if (!v.selected(R::name)) return;
      v.record<R>("fifo-wrap", run_relacy<FifoWrap<R>>(cfg));
      if constexpr (R::max_producers == 0) v.record<R>("multi-producer", run_relacy<MultiProducer<R>>(cfg));
      if constexpr (requires(R & r) { r.close(); }) {
        v.record<R>("close-drain", run_relacy<CloseDrainFull<R>>(cfg));
        v.record<R>("close-drain-bounded", run_relacy<CloseDrainSmall<R>>(small_bounded));
        v.record<R>("close-wakes-writer", run_relacy<CloseWakesWriter<R>>(bounded));
      }
    }
  });
  return v.finish();
}
