// Linearizability of every ring in the family list, on real threads, as
// stress_queue does for the queues: producers and consumers run short rounds
// against a fresh, small ring (it wraps and fills within a round;
// fifo_rounds.hpp), and each round's history is checked against the
// checker's FIFO queue model (check `linearizable-fifo`). A message carries
// one 8-byte value.
//
// Ours are driven through their timed calls (write_until, read_until), so the
// blocking layer's wake-ups are under the check too; the seed's ring, which
// has none, through try loops. A read that returns anything but one 8-byte
// message (the seed merges messages) is recorded as the impossible value -1.
// The seed never wraps, so its rounds end at the hang guard.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "impls/ring/family.hpp"
#include "verify/common/fifo_rounds.hpp"
#include "verify/common/verdict.hpp"

using namespace gauntlet;
using namespace gauntlet::ring;
using namespace gauntlet::verify::fifo;

namespace {

constexpr std::size_t kCapacityBytes = 32;  // four 8-byte messages: rounds wrap and fill the ring
constexpr std::int64_t kNotOneMessage = -1;

// Writes v as one message; false if the hang guard fired first.
template <class R>
bool write_value(R& r, std::int64_t v, Clock::time_point give_up_at) {
  auto msg = std::as_bytes(std::span(&v, 1));
  if constexpr (requires { r.write_until(msg, give_up_at); }) {
    return r.write_until(msg, give_up_at) == Status::ok;
  } else {
    return retry_until(give_up_at, [&] { return r.try_write(msg); });
  }
}

// Reads one message into v; false if the hang guard fired first.
template <class R>
bool read_value(R& r, std::int64_t& v, Clock::time_point give_up_at) {
  auto take = [&](std::span<const std::byte> m) {
    v = kNotOneMessage;
    if (m.size() == sizeof(v)) std::memcpy(&v, m.data(), sizeof(v));
  };
  if constexpr (requires { r.read_until(take, give_up_at); }) {
    return r.read_until(take, give_up_at) == Status::ok;
  } else {
    return retry_until(give_up_at, [&] { return r.try_read(take); });
  }
}

// Why a round failed, in one line: a hang, or a history no FIFO order explains.
std::string why_failed(bool linearizable, const std::vector<Op>& h) {
  if (linearizable) return "a write or read waited 2 s in vain (a message lost, or the ring stopped accepting)";
  for (auto& op : h)
    if (!op.input.enqueue && !op.indeterminate && op.output.value == kNotOneMessage)
      return "history not linearizable: a read returned other than one whole message (-1)";
  return "history not linearizable against a FIFO queue";
}

}  // namespace

int main(int argc, char** argv) {
  verify::Verifier v("ring", argc, argv);
  const int rounds = v.full() ? 20000 : 500;
  std::printf(
      "stress_ring: %d rounds per implementation (real threads: schedules are not replayable; "
      "a failing round's history is kept in the row)\n",
      rounds);
  for_each_type(verified_implementations{}, [&]<class R>() {
    if (!v.selected(R::name)) return;
    const int producers = threads_for(R::max_producers), consumers = threads_for(R::max_consumers);
    // The seed cannot pass (it never wraps, so every round fills it and its
    // producers stall): its caught_by names this check. The lap mutant is
    // relacy_ring's to catch (fifo-wrap); here it is caught only when a
    // producer gets a full lap ahead.
    auto round = [&] {
      R r(kCapacityBytes);
      return run_round(
          producers, consumers, [&](std::int64_t v, Clock::time_point at) { return write_value(r, v, at); },
          [&](std::int64_t& v, Clock::time_point at) { return read_value(r, v, at); });
    };
    auto result = check_rounds(rounds, producers, consumers, round, why_failed);
    result.details["capacity_bytes"] = kCapacityBytes;
    v.record<R>("linearizable-fifo", result);
  });
  return v.finish();
}
