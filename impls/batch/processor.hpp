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
//
// The batching clock is injectable, so that flush times can be tested
// through the worker and its real timed wait, not only on the pure policy.
// A Clock gives two things:
//   now()        the time every batching decision uses: the worker stamps each
//                popped message and ticks the policy with it, and nothing else
//                in the worker reads a time;
//   wake_at(d)   when, in steady-clock time, the worker's wait on the queue
//                for the batch deadline d (nullopt: no batch open) must end.
// SteadyClock, the default and what every family entry uses, is the identity:
// the worker sleeps on the queue until the deadline itself. A test clock that
// is advanced by hand cannot wake a thread blocked in the queue (the queue
// wakes only on a push or a close), so it answers wake_at with a short real
// slice: the worker's wait times out for real, it re-reads now() and ticks.
// Advancing such a clock takes effect within one slice, and since the slice
// only bounds how soon the worker looks, it never makes a batch go out early
// or late in the clock's own time. submit_until's deadline is a producer's
// real patience, not batching time, and stays on the steady clock.
#include <chrono>
#include <concepts>
#include <cstddef>
#include <functional>
#include <optional>
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

template <class C>
concept BatchClock = std::copy_constructible<C> && requires(C& c, std::optional<clock::time_point> d) {
  { c.now() } -> std::same_as<clock::time_point>;
  { c.wake_at(d) } -> std::same_as<std::optional<clock::time_point>>;
};

struct SteadyClock {
  clock::time_point now() const { return clock::now(); }
  std::optional<clock::time_point> wake_at(std::optional<clock::time_point> deadline) const { return deadline; }
};

template <class Queue, class Policy, BatchClock Clock = SteadyClock>
class BatchProcessor {
 public:
  using message_type = typename Queue::value_type;
  using Sink = std::function<void(std::span<const message_type>)>;
  using Status = queue::Status;
  // The same processor on another clock: what a test drives by hand.
  template <BatchClock C>
  using with_clock = BatchProcessor<Queue, Policy, C>;

  BatchProcessor(Config cfg, Sink sink, Clock clk = Clock{})
      : clock_(std::move(clk)),
        queue_(cfg.queue_capacity),
        policy_(cfg.batch_size, cfg.timeout, clock_.now()),
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
      auto wake = clock_.wake_at(policy_.deadline());
      Status s = wake ? queue_.pop_until(m, *wake) : queue_.pop(m);
      auto now = clock_.now();
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

  Clock clock_;  // first: the policy is armed with its time
  Queue queue_;
  Policy policy_;
  Sink sink_;
  std::thread worker_;  // last: starts once everything above is built
};

}  // namespace gauntlet::batch
