#pragma once
// A batch processor: producers submit messages into a bounded queue; one
// worker thread pops them, groups them by the Policy (batcher.hpp) and hands
// each batch to the sink.
//
// Back-pressure comes from the queue's bound: when the sink is slower than
// the producers the queue fills, submit() blocks and try_submit() says
// would_block. shutdown() closes the queue; the worker drains every accepted
// message, flushes the last batch and exits, so each accepted message reaches
// the sink exactly once (with a policy whose flush() hands it over).
#include <chrono>
#include <cstddef>
#include <functional>
#include <span>
#include <thread>
#include <utility>
#include <vector>

#include "impls/batch/batcher.hpp"
#include "impls/queue/status.hpp"

namespace gauntlet::batch {

struct Config {
  std::size_t batch_size = 64;
  clock::duration timeout = std::chrono::milliseconds(1);
  std::size_t queue_capacity = 1024;
};

template <class Queue, class Policy>
class BatchProcessor {
 public:
  using message_type = typename Queue::value_type;
  using Sink = std::function<void(std::span<const message_type>)>;
  using Status = queue::Status;

  BatchProcessor(Config cfg, Sink sink)
      : queue_(cfg.queue_capacity),
        policy_(cfg.batch_size, cfg.timeout, clock::now()),
        sink_(std::move(sink)),
        worker_([this] { run(); }) {}
  BatchProcessor(const BatchProcessor&) = delete;
  BatchProcessor& operator=(const BatchProcessor&) = delete;
  ~BatchProcessor() { shutdown(); }

  Status submit(const message_type& m) { return queue_.push(m); }  // blocks while full
  Status try_submit(const message_type& m) { return queue_.try_push(m); }
  Status submit_until(const message_type& m, clock::time_point deadline) { return queue_.push_until(m, deadline); }

  // Stops accepting, delivers everything accepted, joins the worker. Idempotent.
  void shutdown() {
    queue_.close();
    if (worker_.joinable()) worker_.join();
  }

 private:
  void run() {
    for (;;) {
      message_type m;
      auto deadline = policy_.deadline();
      Status s = deadline ? queue_.pop_until(m, *deadline) : queue_.pop(m);
      auto now = clock::now();
      if (s == Status::ok) deliver(policy_.add(std::move(m), now));
      if (s == Status::closed) {
        deliver(policy_.flush());
        return;
      }
      // Also after a pop: a steady trickle must not keep a batch past its deadline.
      deliver(policy_.tick(now));
    }
  }

  void deliver(const std::optional<std::vector<message_type>>& batch) {
    if (batch) sink_(std::span<const message_type>(*batch));
  }

  Queue queue_;
  Policy policy_;
  Sink sink_;
  std::thread worker_;  // last: starts once everything above is built
};

}  // namespace gauntlet::batch
