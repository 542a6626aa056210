// Relacy model checks of the byte-message rings (the seed's included):
//   fifo-wrap       1 producer, 1 consumer, 6 messages of 8 or 16 bytes through
//                   a 32-byte ring: every message intact, in order, across
//                   padded wrap-arounds; a consumer never sees a record before
//                   its header and bytes are published (catches the lap
//                   mutant, and the seed, which never wraps and merges messages)
//   multi-producer  2 producers, 2 messages each: each message once, intact,
//                   in its producer's order (multi-producer rings)
// The rings have no close(): they are non-blocking only.
#include <cstdint>
#include <cstring>
#include <span>

#include "common/relacy_runner.hpp"
#include "common/verdict.hpp"
#include "ring/family.hpp"

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

template <class R>
void write_spin(R& r, unsigned p, unsigned i) {
  Msg m = make(p, i);
  while (!r.try_write(std::as_bytes(std::span(m.bytes, m.size)))) spin_pause();
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
        while (!r.try_read([&](std::span<const std::byte> m) { ok = is(m, 0, i); })) spin_pause();
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
        while (!r.try_read(check)) spin_pause();
        RL_ASSERT(ok);  // intact, and the next one of its producer
      }
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  verify::Verifier v("ring", argc, argv);
  RelacyConfig cfg;
  cfg.iterations = v.full() ? 1000000 : 20000;
  for_each_type(implementations{}, [&]<class R>() {
    if (!v.selected(R::name)) return;
    v.record<R>("fifo-wrap", run_relacy<FifoWrap<R>>(cfg), R::kind == Kind::known_bad);
    if constexpr (R::max_producers == 0) v.record<R>("multi-producer", run_relacy<MultiProducer<R>>(cfg));
  });
  return v.finish();
}
