#pragma once
// Blocking<Core>: blocking, timed and closable operations over any core that
// only offers non-blocking bool try_push / try_pop (our lock-free rings and
// the peer adapters). The core's code is unchanged, but going through this
// wrapper is not free even when nobody waits: every try_push enters and leaves
// state_ (two read-modify-writes of one line that every push writes), and a
// push that lands notifies not_empty_, which costs one seq_cst fence and one
// load of its waiter count. A try_pop that gets an element notifies not_full_
// the same way; one that finds the core empty loads state_, pulling that
// producer-written line. That is the price of the close() guarantee below. A
// thread that must wait sleeps on an event count (platform/event_count.hpp).
// The benchmarks time the core itself (bench/common/harness.hpp), so none of
// this is in their figures.
//
// close() never loses an accepted element. The closed flag and the count of
// pushes in flight share one word, state_, so one modification order decides
// everything: a push that entered before close() saw it open and counts in
// every later value; a consumer that reads "closed, none in flight" reads a
// value after every such push has left, and its acquire load synchronises
// with their release leave, so their elements are in the core by then.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "impls/platform/event_count.hpp"
#include "impls/platform/platform.hpp"
#include "impls/queue/status.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::queue {

template <class Core>
class Blocking : public entry_of<Core> {
 public:
  static constexpr int max_producers = Core::max_producers;
  static constexpr int max_consumers = Core::max_consumers;
  static constexpr Order order = promised_order<Core>;
  using value_type = typename Core::value_type;
  using core_type = Core;
  template <class U>
  using rebind = Blocking<typename Core::template rebind<U>>;

  explicit Blocking(std::size_t capacity) : core_(capacity) {}

  Status try_push(const value_type& v) {
    // Relaxed: the value read decides, and nothing before it needs publishing.
    bool open = (state_.fetch_add(1, std::memory_order_relaxed) & closed_bit) == 0;
    Status s = !open ? Status::closed : core_.try_push(v) ? Status::ok : Status::would_block;
    state_.fetch_sub(1, std::memory_order_release);  // our push is visible to whoever reads what follows
    if (s == Status::ok) not_empty_.notify();
    return s;
  }
  Status push(const value_type& v) {
    return not_full_.await(std::nullopt, [&] { return try_push(v); });
  }
  Status push_until(const value_type& v, steady_clock::time_point deadline) {
    return not_full_.await(deadline, [&] { return try_push(v); });
  }

  Status try_pop(value_type& out) {
    if (core_.try_pop(out)) return popped();
    for (;;) {
      std::uint32_t st = state_.load(std::memory_order_acquire);
      if ((st & closed_bit) == 0) return Status::would_block;
      if ((st & in_flight_mask) == 0) break;
      spin_pause();  // closed, but a producer that saw it open is still pushing: let it land
    }
    if (core_.try_pop(out)) return popped();
    return Status::closed;
  }
  Status pop(value_type& out) {
    return not_empty_.await(std::nullopt, [&] { return try_pop(out); });
  }
  Status pop_until(value_type& out, steady_clock::time_point deadline) {
    return not_empty_.await(deadline, [&] { return try_pop(out); });
  }

  void close() {
    // Relaxed: a waiter learns of it through the event counts' fences below.
    state_.fetch_or(closed_bit, std::memory_order_relaxed);
    not_full_.notify();
    not_empty_.notify();
  }

  Core& core() { return core_; }

 private:
  Status popped() {
    not_full_.notify();
    return Status::ok;
  }

  Core core_;
  static constexpr std::uint32_t closed_bit = 1u << 31;
  static constexpr std::uint32_t in_flight_mask = closed_bit - 1;

  alignas(cache_line) atomic<std::uint32_t> state_{0};  // closed_bit | pushes in flight
  alignas(cache_line) EventCount not_empty_;
  alignas(cache_line) EventCount not_full_;
};

}  // namespace gauntlet::queue
