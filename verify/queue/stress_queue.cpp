// Linearizability of every queue in the family list (peers included, the
// known-bad mutants left to relacy_queue), on real threads: producers and
// consumers run short rounds against a fresh, small queue (fifo_rounds.hpp),
// and each round's history is checked against the checker's FIFO queue model
// (check `linearizable-fifo`).
// Peers that promise less than FIFO (moodycamel::ConcurrentQueue: per
// producer only; atomic_queue: approximate under wrap-around) get their
// violations reported as `documented`, not hidden.
#include <cstdint>
#include <cstdio>
#include <string>

#include "impls/queue/family.hpp"
#include "verify/common/fifo_rounds.hpp"
#include "verify/common/verdict.hpp"

using namespace gauntlet;
using namespace gauntlet::queue;
using namespace gauntlet::verify::fifo;

namespace {

constexpr std::size_t kCapacity = 4;  // small, so rounds wrap around the ring

template <class Q>
Round queue_round(int producers, int consumers) {
  Q q(kCapacity);
  auto put = [&](std::int64_t v, Clock::time_point give_up_at) {
    return retry_until(give_up_at, [&] { return q.try_push(static_cast<std::uint64_t>(v)) == Status::ok; });
  };
  auto take = [&](std::int64_t& v, Clock::time_point give_up_at) {
    std::uint64_t got = 0;
    if (!retry_until(give_up_at, [&] { return q.try_pop(got) == Status::ok; })) return false;
    v = static_cast<std::int64_t>(got);
    return true;
  };
  return run_round(producers, consumers, put, take);
}

std::string why_failed(bool linearizable, const std::vector<Op>&) {
  return linearizable ? "a push or pop waited 2 s in vain (an element was lost)"
                      : "history not linearizable against a FIFO queue";
}

}  // namespace

int main(int argc, char** argv) {
  verify::Verifier v("queue", argc, argv);
  const int rounds = v.full() ? 20000 : 500;
  std::printf(
      "stress_queue: %d rounds per implementation (real threads: schedules are not replayable; "
      "a failing round's history is kept in the row)\n",
      rounds);
  for_each_type(verified_implementations{}, [&]<class Q>() {
    // The known-bad mutants are relacy_queue's to catch: on x86 a relaxed
    // publish is invisible to real threads, and the unchecked slot sequence
    // livelocks inside try_pop, where no hang guard can reach.
    if (!v.selected(Q::name) || Q::kind == Kind::known_bad) return;
    const int producers = threads_for(Q::max_producers), consumers = threads_for(Q::max_consumers);
    // A peer that documents less than FIFO (status.hpp, peers.hpp) is reported, not failed.
    const bool not_promised =
        Q::order == Order::approximate_fifo || (Q::order == Order::per_producer_fifo && producers > 1);
    auto round = [&] { return queue_round<Q>(producers, consumers); };
    v.record<Q>("linearizable-fifo", check_rounds(rounds, producers, consumers, round, why_failed), not_promised);
  });
  return v.finish();
}
