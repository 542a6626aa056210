#pragma once
// Blocking<Core>: blocking, timed and closable operations over any core that
// only offers non-blocking bool try_push / try_pop (our lock-free rings and
// the peer adapters). The core's code is unchanged, but going through this
// wrapper is not free even when nobody waits: every try_push announces itself
// in in_flight_ (a seq_cst read-modify-write, then a release one to leave)
// and loads closed_, both on one line that every push writes, and a push that
// lands notifies not_empty_, which costs one seq_cst fence and one load of its
// waiter count. A try_pop that gets an element notifies not_full_ the same
// way; one that finds the core empty loads closed_, pulling that producer-
// written line. That is the price of the close() guarantee below. A thread
// that must wait sleeps on an event count (platform/event_count.hpp).
// The benchmarks time the core itself (bench/common/harness.hpp), so none of
// this is in their figures.
//
// close() never loses an accepted element: a producer announces itself in
// in_flight_ before it looks at closed_, so a consumer that sees the queue
// closed waits for in-flight pushes to land before it reports `closed`.
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
    in_flight_.fetch_add(1, std::memory_order_seq_cst);  // Dekker with close(): see the header comment
    Status s = closed_.load(std::memory_order_seq_cst) ? Status::closed
               : core_.try_push(v)                     ? Status::ok
                                                       : Status::would_block;
    in_flight_.fetch_sub(1, std::memory_order_release);  // our push is visible to whoever sees 0
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
    // mutation-justified: seq_cst, not acquire: a producer that saw closed_ open announced itself
    // first (seq_cst), so in the single total order its announcement precedes close()'s store; only a
    // seq_cst load here follows that store in the order, and so keeps the in_flight_ load below from
    // reading a count older than the announcement (acquire synchronizes with close() but does not
    // strongly happen before the in_flight_ load: IRIW, visible on non-multi-copy-atomic hardware
    // such as POWER). Relacy's seq_cst loads never read older than the variable's latest seq_cst
    // modification in its interleaving, so the in_flight_ load sees the announcement either way and
    // no model check (nor x86 or ARMv8 stress) can fail on this line.
    if (!closed_.load(std::memory_order_seq_cst)) return Status::would_block;
    // Closed, but a producer that saw it open may still be pushing: let it land.
    while (in_flight_.load(std::memory_order_seq_cst) != 0) spin_pause();
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
    closed_.store(true, std::memory_order_seq_cst);
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
  alignas(cache_line) atomic<std::uint32_t> in_flight_{0};
  atomic<bool> closed_{false};
  alignas(cache_line) EventCount not_empty_;
  alignas(cache_line) EventCount not_full_;
};

}  // namespace gauntlet::queue
