#pragma once
// Known-bad: the seed's BatchProcessor (2.2), faithfully. Its one timer runs
// free and is re-armed at every flush, so a batch can go out long before its
// timeout, and its stop path drops the pending batch (SeedBatcher, batcher.hpp).
#include <string_view>

#include "impls/batch/batcher.hpp"
#include "impls/batch/processor.hpp"
#include "impls/queue/mutex_queue.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::batch {

template <class M>
class Seed : public BatchProcessor<queue::MutexQueue<M>, SeedBatcher<M>> {
 public:
  static constexpr std::string_view name = "seed-batch";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "the seed's BatchProcessor: free-running timer re-armed at each flush, pending batch lost on stop";
  static constexpr auto caught_by =
      checks("batch-timer", "batch-timer-processor", "batch-exactly-once", "linearizable-fifo");
  using policy = SeedBatcher<M>;
  template <class U>
  using rebind = Seed<U>;
  using BatchProcessor<queue::MutexQueue<M>, SeedBatcher<M>>::BatchProcessor;
};

}  // namespace gauntlet::batch
