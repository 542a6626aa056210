#pragma once
// The batch family: batch processors, one per (queue, batching policy) pair.
// Every entry is a BatchProcessor<Queue, Policy> (processor.hpp) with
//   BatchProcessor(Config, Sink)   submit / try_submit / submit_until, shutdown()
// and names its Policy, so the timing rule is tested on the pure policy.
#include <cstdint>
#include <string_view>

#include "batch/batcher.hpp"
#include "batch/processor.hpp"
#include "queue/blocking.hpp"
#include "queue/mpmc_queue.hpp"
#include "queue/mutex_queue.hpp"
#include "registry/family.hpp"

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

template <class M>
class Seed : public BatchProcessor<queue::MutexQueue<M>, SeedBatcher<M>> {
 public:
  static constexpr std::string_view name = "seed-batch";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "the seed's BatchProcessor: free-running timer re-armed at each flush, pending batch lost on stop";
  using policy = SeedBatcher<M>;
  template <class U>
  using rebind = Seed<U>;
  using BatchProcessor<queue::MutexQueue<M>, SeedBatcher<M>>::BatchProcessor;
};

inline constexpr std::string_view family_name = "batch";
using message = std::uint64_t;
using implementations = type_list<OverMutexQueue<message>, OverMpmc<message>, Seed<message>>;
inline FamilyInfo describe_family() { return describe<implementations>(family_name); }

}  // namespace gauntlet::batch
