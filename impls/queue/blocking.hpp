#pragma once
// Blocking<Core>: blocking, timed and closable operations over any core that
// only offers non-blocking bool try_push / try_pop (our lock-free rings and
// the peer adapters). The core's fast path is untouched; a thread that must
// wait sleeps on a futex event count, and the other side pays one fence and
// one load to see whether anyone sleeps.
//
// close() never loses an accepted element: a producer announces itself in
// in_flight_ before it looks at closed_, so a consumer that sees the queue
// closed waits for in-flight pushes to land before it reports `closed`.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "platform/platform.hpp"
#include "queue/status.hpp"
#include "registry/family.hpp"

namespace gauntlet::queue {

template <class Core>
class Blocking {
 public:
  static constexpr std::string_view name = Core::name;
  static constexpr Kind kind = Core::kind;
  static constexpr std::string_view description = Core::description;
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
  Status push(const value_type& v) { return wait(not_full_, std::nullopt, [&] { return try_push(v); }); }
  Status push_until(const value_type& v, steady_clock::time_point deadline) {
    return wait(not_full_, deadline, [&] { return try_push(v); });
  }

  Status try_pop(value_type& out) {
    if (core_.try_pop(out)) return popped();
    if (!closed_.load(std::memory_order_seq_cst)) return Status::would_block;
    // Closed, but a producer that saw it open may still be pushing: let it land.
    while (in_flight_.load(std::memory_order_seq_cst) != 0) spin_pause();
    if (core_.try_pop(out)) return popped();
    return Status::closed;
  }
  Status pop(value_type& out) { return wait(not_empty_, std::nullopt, [&] { return try_pop(out); }); }
  Status pop_until(value_type& out, steady_clock::time_point deadline) {
    return wait(not_empty_, deadline, [&] { return try_pop(out); });
  }

  void close() {
    closed_.store(true, std::memory_order_seq_cst);
    not_full_.notify();
    not_empty_.notify();
  }

  Core& core() { return core_; }

 private:
  // An event count: a waiter reads the key, announces itself, re-checks its
  // condition and sleeps only if the key is still the one it read; a notifier
  // that sees an announced waiter bumps the key and wakes. The two seq_cst
  // fences make "notifier missed the waiter" and "waiter missed the change"
  // exclusive, so with no waiter a notify costs one fence and one load.
  struct Event {
    atomic<std::uint32_t> key{0};
    atomic<std::uint32_t> waiters{0};

    void notify() {
      atomic_thread_fence(std::memory_order_seq_cst);
      if (waiters.load(std::memory_order_seq_cst) == 0) return;
      // seq_cst: the waiter's key read precedes its announcement, which we
      // saw, so it cannot have read this bump and sleep through the wake.
      key.fetch_add(1, std::memory_order_seq_cst);
      futex_wake_all(key);
    }
  };

  Status popped() {
    not_full_.notify();
    return Status::ok;
  }

  template <class Attempt>
  static Status wait(Event& e, std::optional<steady_clock::time_point> deadline, Attempt attempt) {
    for (;;) {
      Status s = attempt();
      if (s != Status::would_block) return s;
      std::uint32_t key = e.key.load(std::memory_order_seq_cst);
      e.waiters.fetch_add(1, std::memory_order_seq_cst);
      atomic_thread_fence(std::memory_order_seq_cst);
      s = attempt();
      if (s != Status::would_block) {
        e.waiters.fetch_sub(1, std::memory_order_relaxed);
        return s;
      }
      bool woken = true;
      if (deadline) woken = futex_wait_until(e.key, key, *deadline);
      else futex_wait(e.key, key);
      e.waiters.fetch_sub(1, std::memory_order_relaxed);
      if (!woken) {
        s = attempt();
        return s == Status::would_block ? Status::timed_out : s;
      }
    }
  }

  Core core_;
  alignas(cache_line) atomic<std::uint32_t> in_flight_{0};
  atomic<bool> closed_{false};
  alignas(cache_line) Event not_empty_;
  alignas(cache_line) Event not_full_;
};

}  // namespace gauntlet::queue
