#pragma once
// The batch family: batch processors, one per (queue, batching policy) pair.
// Every entry is a BatchProcessor<Queue, Policy> (processor.hpp) with
//   BatchProcessor(Config, Sink)   submit / try_submit / submit_until, shutdown()
// and names its Policy, so the timing rule is tested on the pure policy.
#include <cstdint>
#include <string_view>

#include "impls/batch/batcher.hpp"
#include "impls/batch/processor.hpp"
#include "impls/batch/seed_batch.hpp"
#include "impls/platform/adopted.hpp"
#include "impls/queue/blocking.hpp"
#include "impls/queue/mpmc_queue.hpp"
#include "impls/queue/mutex_queue.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::batch {

template <class M>
class OverMutexQueue : public BatchProcessor<queue::MutexQueue<M>, Batcher<M>> {
 public:
  static constexpr std::string_view name = "batch-mutex-condvar";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description = "size-or-timeout batches over the mutex + condvar queue";
  using policy = Batcher<M>;
  template <class U>
  using rebind = OverMutexQueue<U>;
  using BatchProcessor<queue::MutexQueue<M>, Batcher<M>>::BatchProcessor;
};

template <class M>
class OverMpmc : public BatchProcessor<queue::Blocking<queue::MpmcQueue<M>>, Batcher<M>> {
 public:
  static constexpr std::string_view name = "batch-mpmc";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description = "size-or-timeout batches over the Vyukov MPMC queue (futex waits)";
  using policy = Batcher<M>;
  template <class U>
  using rebind = OverMpmc<U>;
  using BatchProcessor<queue::Blocking<queue::MpmcQueue<M>>, Batcher<M>>::BatchProcessor;
};

template <class P>
concept BatchInterface = requires(P& p, typename P::message_type m, clock::time_point t) {
  typename P::template rebind<int>;
  p.submit(m);
  p.try_submit(m);
  p.submit_until(m, t);
  p.shutdown();
}
&&BatchPolicy<typename P::policy, typename P::message_type>;

inline constexpr std::string_view family_name = "batch";
using message = std::uint64_t;
// `scripts/gauntlet adopt batch` adds a user's batching policy, run by the
// processor over the mutex queue (impls/platform/adopted.hpp; none outside adopt).
using implementations =
    with_adopted<"batch", type_list<OverMutexQueue<message>, OverMpmc<message>, Seed<message>>, message>;
// What the verifiers and tests iterate (an adopt build: the adopted class alone).
using verified_implementations = verified<implementations, adopted<"batch">::type<message>>;
using reference = OverMutexQueue<message>;
GAUNTLET_FAMILY_CONTRACT(BatchInterface);

}  // namespace gauntlet::batch
