#pragma once
// The family's bounded ring: fixed-size slots, each with a sequence number
// (Vyukov's bounded MPMC design), entries written and read in place.
//
// Why not the ring family's ByteRing: drop-oldest needs a producer to take
// the oldest entry away from under the consumer. ByteRing's one consumer
// reads records in place behind a plain head, so nobody else may consume;
// here every consume, the consumer's or an evicting producer's, claims its
// position with a CAS on head_, so an eviction and the consumer's read can
// never take the same entry, and each claimed slot is released by its claimer
// alone. Why not queue::MpmcQueue: it moves a T in and out, a copy more than
// this in-place fill and visit, and it has no closed state.
//
// A slot's sequence says whose turn it is: seq == pos, free for the producer
// of position pos; seq == pos + 1, holding pos's entry; seq == pos + capacity,
// free for the next lap. tail_ carries a closed bit: close() sets it with one
// RMW, after which no producer's claim (a CAS from a value without the bit)
// can succeed, and every claim made before it is committed in finite time, so
// the consumer drains to exactly the final tail.
//
// Messages longer than kTextBytes are cut to it; the consumer marks the cut.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "impls/log/record.hpp"
#include "impls/platform/platform.hpp"

namespace gauntlet::log {

inline constexpr std::size_t kTextBytes = 200;

// An entry as the producer leaves it: copied arguments, nothing formatted.
struct Payload {
  std::uint64_t unix_ns;
  std::uint64_t span_id;
  std::uint32_t full_length;  // the message's length before any cut
  std::uint16_t length;       // bytes in text
  Level level;
  char text[kTextBytes];

  std::string_view message() const { return {text, length}; }
  bool cut() const { return full_length != length; }
};

class SlotRing {
 public:
  static constexpr std::uint64_t closed_bit = std::uint64_t{1} << 63;

  explicit SlotRing(std::size_t capacity) : cap_(pow2(capacity)), mask_(cap_ - 1), slots_(new Slot[cap_]) {
    for (std::uint64_t i = 0; i < cap_; ++i) slots_[i].seq.store(i, std::memory_order_relaxed);
  }

  std::uint64_t capacity() const { return cap_; }

  enum class Push { ok, full, closed };

  // Claims the next position and copies the entry in. full: the slot of the
  // next position still holds (or is being read from) an entry of the lap before.
  Push try_push(std::uint64_t unix_ns, Level level, const Fields& f, std::string_view msg) {
    std::uint64_t pos = tail_.load(std::memory_order_relaxed);
    for (;;) {
      if (pos & closed_bit) return Push::closed;
      Slot& s = slots_[pos & mask_];
      const std::uint64_t seq = s.seq.load(std::memory_order_acquire);
      const auto dif = static_cast<std::int64_t>(seq - pos);
      if (dif == 0) {
        if (tail_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed, std::memory_order_relaxed)) {
          fill(s, unix_ns, level, f, msg);
          s.seq.store(pos + 1, std::memory_order_release);
          return Push::ok;
        }
      } else if (dif < 0) {
        return Push::full;
      } else {
        pos = tail_.load(std::memory_order_relaxed);
      }
    }
  }

  // Claims the oldest committed entry and hands it to visit(trace_id, payload)
  // in place; false when the oldest position is not committed (empty, or its
  // producer has not finished copying).
  template <class Visit>
  bool try_pop(Visit&& visit) {
    std::uint64_t pos = head_.load(std::memory_order_relaxed);
    for (;;) {
      Slot& s = slots_[pos & mask_];
      const std::uint64_t seq = s.seq.load(std::memory_order_acquire);
      const auto dif = static_cast<std::int64_t>(seq - (pos + 1));
      if (dif == 0) {
        if (head_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed, std::memory_order_relaxed)) {
          visit(s.trace_id.load(), s.p);
          s.seq.store(pos + cap_, std::memory_order_release);
          return true;
        }
      } else if (dif < 0) {
        return false;
      } else {
        pos = head_.load(std::memory_order_relaxed);
      }
    }
  }

  // Is the oldest position's entry committed (a try_pop would take it)? A
  // hint for the consumer's wait: relaxed, since nothing is read on its word;
  // try_pop's own acquire load orders the entry's read.
  bool ready() const {
    const std::uint64_t pos = head_.load(std::memory_order_relaxed);
    return slots_[pos & mask_].seq.load(std::memory_order_relaxed) == pos + 1;
  }

  // Refuses every later claim; returns the final tail (positions below it
  // were claimed and will be committed). Relaxed: one RMW on tail_, ordered
  // against every claim by tail_'s modification order alone; the drain reads
  // the entries through their slots' acquire loads.
  std::uint64_t close() { return tail_.fetch_or(closed_bit, std::memory_order_relaxed) & ~closed_bit; }
  bool closed() const { return (tail_.load(std::memory_order_relaxed) & closed_bit) != 0; }

  // Positions claimed by producers so far (accepted entries).
  std::uint64_t accepted() const { return tail_.load(std::memory_order_relaxed) & ~closed_bit; }
  // Positions claimed by consumers (the consumer and evictors): a count,
  // compared, never a guard of data, so relaxed.
  std::uint64_t consumed() const { return head_.load(std::memory_order_relaxed); }

 private:
  struct Slot {
    atomic<std::uint64_t> seq{0};
    shared_var<std::uint64_t> trace_id;  // a checked word: the model checker reports a race on the slot here
    Payload p;
  };

  static std::uint64_t pow2(std::size_t n) {
    std::uint64_t p = 2;
    while (p < n) p <<= 1;
    return p;
  }

  static void fill(Slot& s, std::uint64_t unix_ns, Level level, const Fields& f, std::string_view msg) {
    const std::size_t n = msg.size() < kTextBytes ? msg.size() : kTextBytes;
    s.trace_id.store(f.trace_id);
    s.p.unix_ns = unix_ns;
    s.p.span_id = f.span_id;
    s.p.full_length = static_cast<std::uint32_t>(msg.size());
    s.p.length = static_cast<std::uint16_t>(n);
    s.p.level = level;
    std::memcpy(s.p.text, msg.data(), n);
  }

  const std::uint64_t cap_, mask_;
  std::unique_ptr<Slot[]> slots_;
  alignas(prefetch_pair) atomic<std::uint64_t> tail_{0};
  alignas(prefetch_pair) atomic<std::uint64_t> head_{0};
};

}  // namespace gauntlet::log
