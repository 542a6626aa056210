#pragma once
// BlockingRing<Core>: blocking, timed and closable operations over a
// non-blocking zero-copy ring (ByteRing: reserve/commit, peek/release), the
// ring counterpart of queue/blocking.hpp. The core's code is unchanged, but
// every reservation pays for the close() guarantee below even when nobody
// waits: a read-modify-write of state_ to enter and one to leave at commit (one
// line that every producer writes), and a notify of not_empty_ (one seq_cst
// fence and one load of its waiter count); a consumer that releases notifies
// not_full_ the same way, and one that finds the ring empty loads state_. A
// thread that must wait sleeps on an event count (platform/event_count.hpp).
//
// close() never loses an accepted message. A reservation is the acceptance:
// the closed flag and the count of producers holding or seeking a reservation
// share one word, state_, so one modification order decides: a producer that
// entered before close() saw it open and stays counted until it commits, and a
// consumer that reads "closed, none in flight" reads a value after every such
// commit (its acquire load synchronises with their release leave). A producer
// that leaves a closed ring wakes the consumers, who may be waiting for it.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>

#include "impls/platform/event_count.hpp"
#include "impls/platform/platform.hpp"
#include "impls/registry/registry.hpp"
#include "impls/ring/status.hpp"

namespace gauntlet::ring {

// The order of close()'s two steps: store-first in BlockingRing (ours),
// notify-first in the known-bad CloseNotifyFirstRing (close_notify_first.hpp);
// the lines marked "the mutation point" are where the two differ.
enum class CloseOrder { store_then_notify, notify_then_store };

template <class Core, CloseOrder Close>
class BasicBlockingRing {
  static constexpr bool right_close = Close == CloseOrder::store_then_notify;

 public:
  static constexpr int max_producers = Core::max_producers;
  static constexpr int max_consumers = Core::max_consumers;
  using core_type = Core;
  using Reservation = typename Core::Reservation;
  using Message = std::span<const std::byte>;
  using Deadline = std::optional<steady_clock::time_point>;

  explicit BasicBlockingRing(std::size_t capacity_bytes) : core_(capacity_bytes) {}

  std::size_t capacity_bytes() const { return core_.capacity_bytes(); }
  std::size_t max_message() const { return core_.max_message(); }

  // Producer, zero-copy: n bytes of space in place. On ok the caller writes
  // them and must commit(out), even if the ring is closed meanwhile.
  Status try_reserve(std::size_t n, Reservation& out) {
    if (n > core_.max_message()) return Status::too_large;
    // Relaxed: the value read decides, and nothing before it needs publishing.
    if (state_.fetch_add(1, std::memory_order_relaxed) & closed_bit) return leave(Status::closed);
    auto r = core_.reserve(n);
    if (!r) return leave(Status::would_block);
    out = *r;
    return Status::ok;  // still counted: commit() leaves
  }
  Status reserve(std::size_t n, Reservation& out) { return reserve_until(n, out, std::nullopt); }
  Status reserve_until(std::size_t n, Reservation& out, Deadline deadline) {
    return not_full_.await(deadline, [&] { return try_reserve(n, out); });
  }

  void commit(const Reservation& r) {
    core_.commit(r);
    state_.fetch_sub(1, std::memory_order_release);  // the commit is visible to whoever reads what follows
    not_empty_.notify();
  }

  // Producer, copying: reserve, copy msg in, commit.
  Status try_write(Message msg) {
    Reservation r{};
    Status s = try_reserve(msg.size(), r);
    if (s != Status::ok) return s;
    if (!msg.empty()) std::memcpy(r.data, msg.data(), msg.size());
    commit(r);
    return s;
  }
  Status write(Message msg) { return write_until(msg, std::nullopt); }
  Status write_until(Message msg, Deadline deadline) {
    return not_full_.await(deadline, [&] { return try_write(msg); });
  }

  // Consumer, zero-copy: the oldest committed message, in place, until release().
  Status try_peek(Message& out) {
    if (peeked(out)) return Status::ok;
    std::uint32_t st = state_.load(std::memory_order_acquire);
    if ((st & closed_bit) == 0) return Status::would_block;
    // Closed, but a producer that saw it open may still hold a reservation:
    // its message is coming (commit() notifies, and so does leave()).
    if ((st & in_flight_mask) != 0) return Status::would_block;
    return peeked(out) ? Status::ok : Status::closed;
  }
  Status peek(Message& out) { return peek_until(out, std::nullopt); }
  Status peek_until(Message& out, Deadline deadline) {
    return not_empty_.await(deadline, [&] { return try_peek(out); });
  }

  void release() {
    core_.release();
    not_full_.notify();
  }

  // Consumer, copying convenience: consume(Message) sees the message in place, then it is released.
  template <class Consume>
  Status try_read(Consume&& consume) {
    Message m;
    Status s = try_peek(m);
    if (s != Status::ok) return s;
    consume(m);
    release();
    return Status::ok;
  }
  template <class Consume>
  Status read(Consume&& consume) {
    return read_until(consume, std::nullopt);
  }
  template <class Consume>
  Status read_until(Consume&& consume, Deadline deadline) {
    return not_empty_.await(deadline, [&] { return try_read(consume); });
  }

  // Refuses new reservations and wakes every waiter; accepted messages stay readable.
  void close() {
    // Relaxed: a waiter learns of it through the event counts' fences.
    if constexpr (right_close) state_.fetch_or(closed_bit, std::memory_order_relaxed);  // the mutation point
    not_full_.notify();
    not_empty_.notify();
    if constexpr (!right_close) state_.fetch_or(closed_bit, std::memory_order_relaxed);  // the mutation point
  }

  Core& core() { return core_; }

 private:
  bool peeked(Message& out) {
    auto m = core_.peek();
    if (m) out = *m;
    return m.has_value();
  }

  // A producer that got no reservation stops being counted. The read-modify-
  // write reads the latest state_: if close() came first we see it and wake
  // the consumers, who may be waiting on our count; if it came after, any
  // consumer that sees the ring closed also sees us gone.
  Status leave(Status s) {
    if (state_.fetch_sub(1, std::memory_order_relaxed) & closed_bit) not_empty_.notify();
    return s;
  }

  Core core_;
  static constexpr std::uint32_t closed_bit = 1u << 31;
  static constexpr std::uint32_t in_flight_mask = closed_bit - 1;

  alignas(cache_line) atomic<std::uint32_t> state_{0};  // closed_bit | producers in flight
  alignas(cache_line) EventCount not_empty_;
  alignas(cache_line) EventCount not_full_;
};

// Ours: the same entry as its core, closing store-first.
template <class Core>
class BlockingRing : public BasicBlockingRing<Core, CloseOrder::store_then_notify>, public entry_of<Core> {
 public:
  using BasicBlockingRing<Core, CloseOrder::store_then_notify>::BasicBlockingRing;
};

}  // namespace gauntlet::ring
