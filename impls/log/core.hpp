#pragma once
// The concurrent heart of our loggers, apart from threads and files (which
// async_logger.hpp adds), so the model checker can run it: producers log()
// into a SlotRing under one overflow policy, the consumer consume()s.
//
// Overflow policies, when log() finds the ring full:
//   block         wait until there is room (the consumer's not-full signal)
//   drop-newest   refuse this entry: dropped, cause full
//   drop-oldest   evict the oldest unconsumed entry (claimed with the same
//                 CAS on head the consumer uses, so the two never take one
//                 entry) and retry: each eviction dropped, cause evicted
//   sample        number the entries that find the ring full 1, 2, 3, ...
//                 over the logger's life: every N-th (N = Config::sample_n)
//                 blocks until there is room and is kept, the others are
//                 dropped, cause sampled
//   deadline      block until Config::deadline after the call began, then
//                 drop, cause deadline
// After close(), log() drops with cause closed.
//
// Counters: produced is derived (positions claimed + every refusal), the
// others are counted where they happen, so accounting is exact only if every
// path counts; delivered is the consumer's own count.
// OnEvict counts an eviction in ours; the known-bad DropOldestUncounted
// (drop_oldest_uncounted.hpp) forgets it.
#include <cstdint>
#include <optional>
#include <string_view>

#include "impls/log/record.hpp"
#include "impls/log/slot_ring.hpp"
#include "impls/platform/event_count.hpp"
#include "impls/platform/platform.hpp"

namespace gauntlet::log {

struct CountEviction {
  static void evicted(atomic<std::uint64_t>& n) { n.fetch_add(1, std::memory_order_relaxed); }
};

template <Overflow P, class OnEvict>
class BasicLogCore {
 public:
  static constexpr Overflow policy = P;
  explicit BasicLogCore(const Config& c)
      : ring_(c.capacity), sample_n_(c.sample_n ? c.sample_n : 1), deadline_(c.deadline) {}

  // Producer side: copies the arguments into a slot; true if accepted.
  bool log(std::uint64_t unix_ns, Level level, const Fields& f, std::string_view msg) {
    const SlotRing::Push r = ring_.try_push(unix_ns, level, f, msg);
    if (r == SlotRing::Push::ok) return accepted();
    if (r == SlotRing::Push::closed) return refused(closed_);
    return overflow(unix_ns, level, f, msg);
  }

  // Consumer side: hands up to `max` entries to sink(trace_id, payload) in
  // place, oldest first; returns how many.
  template <class Sink>
  std::uint64_t consume(Sink&& sink, std::uint64_t max) {
    std::uint64_t n = 0;
    while (n < max && ring_.try_pop([&](std::uint64_t trace, const Payload& p) { sink(trace, p); })) ++n;
    if (n) {
      delivered_.store(delivered_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
      not_full_.notify();
    }
    return n;
  }

  // Consumer side: sleeps until an entry is ready, the ring is closed, or
  // stop() (checked after every wake-up) is true.
  template <class Stop>
  void await_work(Stop&& stop) {
    not_empty_.await(std::nullopt,
                     [&] { return ring_.ready() || ring_.closed() || stop() ? Attempt::ok : Attempt::would_block; });
  }
  // Would the consumer find an entry now?
  bool ready() const { return ring_.ready(); }
  // Wakes the consumer, for a caller whose stop() has become true.
  void wake_consumer() { not_empty_.notify(); }

  // Refuses every later log(); returns the final position: the consumer is
  // drained when consumed() reaches it.
  std::uint64_t close() {
    const std::uint64_t final_tail = ring_.close();
    not_full_.notify();
    not_empty_.notify();
    return final_tail;
  }
  bool closed() const { return ring_.closed(); }
  std::uint64_t accepted_positions() const { return ring_.accepted(); }
  std::uint64_t consumed() const { return ring_.consumed(); }

  Counters counters() const {
    Counters c;
    c.delivered = delivered_.load(std::memory_order_relaxed);
    c.dropped_full = full_.load(std::memory_order_relaxed);
    c.dropped_evicted = evicted_.load(std::memory_order_relaxed);
    c.dropped_sampled = sampled_.load(std::memory_order_relaxed);
    c.dropped_deadline = deadline_hits_.load(std::memory_order_relaxed);
    c.dropped_closed = closed_.load(std::memory_order_relaxed);
    c.produced = ring_.accepted() + c.dropped_full + c.dropped_sampled + c.dropped_deadline + c.dropped_closed;
    return c;
  }

 private:
  enum class Attempt { ok, would_block, timed_out, closed };

  bool accepted() {
    not_empty_.notify();
    return true;
  }
  static bool refused(atomic<std::uint64_t>& cause) {
    cause.fetch_add(1, std::memory_order_relaxed);
    return false;
  }

  Attempt attempt(std::uint64_t unix_ns, Level level, const Fields& f, std::string_view msg) {
    switch (ring_.try_push(unix_ns, level, f, msg)) {
      case SlotRing::Push::ok:
        return Attempt::ok;
      case SlotRing::Push::closed:
        return Attempt::closed;
      default:
        return Attempt::would_block;
    }
  }

  // Waits for room (until `deadline`, if any): accepted, or refused with the
  // cause `on_timeout` (or closed).
  bool wait_for_room(std::optional<steady_clock::time_point> deadline, atomic<std::uint64_t>& on_timeout,
                     std::uint64_t unix_ns, Level level, const Fields& f, std::string_view msg) {
    const Attempt a = not_full_.await(deadline, [&] { return attempt(unix_ns, level, f, msg); });
    if (a == Attempt::ok) return accepted();
    return refused(a == Attempt::closed ? closed_ : on_timeout);
  }

  bool overflow(std::uint64_t unix_ns, Level level, const Fields& f, std::string_view msg) {
    if constexpr (P == Overflow::drop_newest) {
      return refused(full_);
    } else if constexpr (P == Overflow::block) {
      return wait_for_room(std::nullopt, closed_, unix_ns, level, f, msg);
    } else if constexpr (P == Overflow::deadline) {
      return wait_for_room(steady_clock::now() + deadline_, deadline_hits_, unix_ns, level, f, msg);
    } else if constexpr (P == Overflow::sample) {
      // mutation-justified: a lost update gives two overflowing entries one number, so the kept
      // fraction drifts from 1 in N while every entry is still delivered or counted; checking the
      // rate needs a known interleaving of overflows, which no check here controls.
      const std::uint64_t k = overflowed_.fetch_add(1, std::memory_order_relaxed) + 1;
      if (k % sample_n_ != 0) return refused(sampled_);
      return wait_for_room(std::nullopt, closed_, unix_ns, level, f, msg);
    } else {
      for (;;) {
        if (ring_.try_pop([](std::uint64_t, const Payload&) {})) OnEvict::evicted(evicted_);
        const Attempt a = attempt(unix_ns, level, f, msg);
        if (a == Attempt::ok) return accepted();
        if (a == Attempt::closed) return refused(closed_);
        spin_pause();  // the oldest entry's producer is still copying it in
      }
    }
  }

  SlotRing ring_;
  const std::uint64_t sample_n_;
  const std::chrono::nanoseconds deadline_;
  EventCount not_empty_, not_full_;
  alignas(prefetch_pair) atomic<std::uint64_t> delivered_{0};
  alignas(prefetch_pair) atomic<std::uint64_t> full_{0};
  atomic<std::uint64_t> evicted_{0};
  atomic<std::uint64_t> sampled_{0};
  atomic<std::uint64_t> deadline_hits_{0};
  atomic<std::uint64_t> closed_{0};
  atomic<std::uint64_t> overflowed_{0};
};

}  // namespace gauntlet::log
