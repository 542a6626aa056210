#pragma once
// Size-or-timeout batching as a pure policy: no threads, no clock of its own.
// The caller hands in each message and the current time and delivers what
// comes back, so the timing rule is tested with made-up times.
//
// Batcher (ours): the timer is armed by the first message of a batch and
// disarmed when the batch goes out, so no message waits longer than `timeout`
// and a timeout flush never fires early. flush() hands over what is pending.
//
// SeedBatcher (the seed's 2.2, known-bad): one timer started with the
// processor and re-armed at every flush and every tick, whether or not a batch
// is open. A message that arrives just before a tick is flushed almost at
// once; the timeout measures time since the last flush, not the batch's age.
// The seed has no shutdown path: its pending batch is dropped.
#include <chrono>
#include <concepts>
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace gauntlet::batch {

using clock = std::chrono::steady_clock;

// What a batching policy offers (the processor calls nothing else): built
// from (max_size, timeout, start), add / tick / flush answer the batch to
// deliver, if any, and deadline() says when tick must next be called.
template <class P, class M>
concept BatchPolicy = requires(P p, const P cp, M m, std::size_t n, clock::duration d, clock::time_point t) {
  P(n, d, t);
  { p.add(std::move(m), t) } -> std::same_as<std::optional<std::vector<M>>>;
  { cp.deadline() } -> std::same_as<std::optional<clock::time_point>>;
  { p.tick(t) } -> std::same_as<std::optional<std::vector<M>>>;
  { p.flush() } -> std::same_as<std::optional<std::vector<M>>>;
};

template <class Message>
class Batcher {
 public:
  Batcher(std::size_t max_size, clock::duration timeout, clock::time_point /*start*/)
      : max_size_(max_size), timeout_(timeout) {}

  // Adds m, received at `now`; returns the batch if it is now full.
  std::optional<std::vector<Message>> add(Message m, clock::time_point now) {
    if (pending_.empty()) deadline_ = now + timeout_;  // armed by the batch's first message
    pending_.push_back(std::move(m));
    if (pending_.size() >= max_size_) return take();
    return std::nullopt;
  }

  // When the open batch times out; nullopt when no batch is open (nothing to wait for).
  std::optional<clock::time_point> deadline() const {
    if (pending_.empty()) return std::nullopt;
    return deadline_;
  }

  // The open batch, if its deadline has passed at `now`.
  std::optional<std::vector<Message>> tick(clock::time_point now) {
    if (pending_.empty() || now < deadline_) return std::nullopt;
    return take();
  }

  // Shutdown: whatever is pending.
  std::optional<std::vector<Message>> flush() {
    if (pending_.empty()) return std::nullopt;
    return take();
  }

 private:
  std::vector<Message> take() { return std::exchange(pending_, {}); }

  std::size_t max_size_;
  clock::duration timeout_;
  clock::time_point deadline_{};
  std::vector<Message> pending_;
};

template <class Message>
class SeedBatcher {
 public:
  SeedBatcher(std::size_t max_size, clock::duration timeout, clock::time_point start)
      : max_size_(max_size), timeout_(timeout), timer_(start + timeout) {}

  std::optional<std::vector<Message>> add(Message m, clock::time_point now) {
    pending_.push_back(std::move(m));
    if (pending_.size() < max_size_) return std::nullopt;
    timer_ = now + timeout_;  // timer.Reset after a size flush
    return std::exchange(pending_, {});
  }

  // The timer always runs, batch or no batch.
  std::optional<clock::time_point> deadline() const { return timer_; }

  std::optional<std::vector<Message>> tick(clock::time_point now) {
    if (now < timer_) return std::nullopt;
    timer_ = now + timeout_;  // case <-timer.C: ... timer.Reset
    if (pending_.empty()) return std::nullopt;
    return std::exchange(pending_, {});
  }

  // for { select ... } never returns: the pending batch is lost on shutdown.
  std::optional<std::vector<Message>> flush() { return std::nullopt; }

 private:
  std::size_t max_size_;
  clock::duration timeout_;
  clock::time_point timer_;
  std::vector<Message> pending_;
};

}  // namespace gauntlet::batch
