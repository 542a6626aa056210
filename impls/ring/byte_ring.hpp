#pragma once
// Zero-copy ring of variable-length byte messages (the seed's 2.1 intent,
// done right). The producer reserves space in place, writes the message there
// and commits; the consumer peeks at the oldest message in place and releases
// it. A message is never copied by the ring.
//
// Layout: the buffer is a power-of-two number of 8-byte words; a message takes
// ceil(size / 8) words (at least one), always contiguous. When a message does
// not fit before the end, the producer fills the rest of the lap with a
// padding record and puts the message at the start. Each record's header
// (length, committed, padding) lives in a side array of atomics indexed by the
// record's first word, so the model checker sees every header access; the
// bytes are a gauntlet::shared_words, ordered by the header's release/acquire.
//
// What the model checker sees of the bytes: the ring hands them out in place,
// and a user's accesses through those spans are invisible to it, so the ring
// marks each record's words (shared_words::mark_written / mark_read, checked
// stores and loads in the Relacy build, nothing in the normal one) where each
// side's access window opens and closes:
//   a producer's window is reserve() .. commit(): marked written at both ends;
//   the consumer's window is peek() .. release(): marked read at both ends.
// So a consumer whose peek() is not ordered after the commit() of the record
// it reads, or a producer whose reserve() is not ordered after the consumer's
// release() of the words it reuses, is a data race under Relacy. The copying
// calls (try_write, try_read) go through the same four calls. Padding records
// carry no bytes and are not marked.
//
//   producer                              consumer
//   reserve: claim words (tail_)          peek: header at head acquire-loaded
//   write the bytes in place              read the bytes in place
//   commit: header store-release          release: header reset, head_ store-release
//
// MultiProducer claims words with a CAS on tail_; records may then commit out
// of order, and the consumer waits at the first uncommitted one (FIFO in
// reservation order). One consumer in both variants.
// LapOffByOne is false in ByteRing (ours) and true in the known-bad
// ByteRingLapOffByOne (byte_ring_lap_off_by_one.hpp); the line marked "the
// mutation point" is where the two differ.
// Non-blocking only: the family wraps it in BlockingRing (blocking_ring.hpp)
// for blocking, timed and closable operations.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "impls/platform/platform.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::ring {

namespace detail {
constexpr std::string_view byte_ring_name(bool mp) { return mp ? "byte-ring-mp" : "byte-ring-sp"; }
constexpr std::string_view byte_ring_description(bool mp) {
  return mp ? "zero-copy variable-length ring, reserve/commit in place, many producers (CAS), one consumer; "
              "blocking, timed and closable"
            : "zero-copy variable-length ring, reserve/commit in place, one producer, one consumer; "
              "blocking, timed and closable";
}
}  // namespace detail

template <bool MultiProducer, bool LapOffByOne>
class BasicByteRing {
  static constexpr std::uint32_t committed = 1, padding = 2;
  static constexpr std::size_t word = sizeof(std::uint64_t);

 public:
  static constexpr int max_producers = MultiProducer ? 0 : 1;
  static constexpr int max_consumers = 1;

  // Space handed to a producer; pass it back to commit().
  struct Reservation {
    std::byte* data;
    std::size_t size;
    std::size_t first_word;  // absolute word position of the record
  };

  explicit BasicByteRing(std::size_t capacity_bytes)
      : words_(round_up_pow2((capacity_bytes + word - 1) / word)),
        data_(words_),
        headers_(new atomic<std::uint32_t>[words_]) {}

  std::size_t capacity_bytes() const { return words_ * word; }
  // Any message up to half the ring always fits once the ring drains, whatever the wrap point.
  std::size_t max_message() const { return words_ / 2 * word; }

  // Producer: n bytes of contiguous space, or nullopt when there is no room now.
  std::optional<Reservation> reserve(std::size_t n) {
    if (n > max_message()) return std::nullopt;
    std::size_t need = words_for(n);
    std::size_t tail = tail_.load(std::memory_order_relaxed);
    std::size_t pad;
    for (;;) {
      std::size_t idx = tail & (words_ - 1);
      pad = idx + need > words_ ? words_ - idx : 0;  // does not fit before the end: pad to the wrap
      if (!has_room(tail, pad + need)) {
        if constexpr (MultiProducer) {
          // Our tail may be stale (another producer moved it): retry before saying full.
          std::size_t now = tail_.load(std::memory_order_relaxed);
          if (now != tail) {
            tail = now;
            continue;
          }
        }
        return std::nullopt;
      }
      if constexpr (!MultiProducer) {
        tail_.store(tail + pad + need, std::memory_order_relaxed);  // only we read it
        break;
      } else if (tail_.compare_exchange_weak(tail, tail + pad + need, std::memory_order_relaxed)) {
        break;
      }
    }
    // Relaxed: a padding record carries no bytes, so there is nothing for the
    // consumer to acquire. It reads the header (coherence gives it this store
    // or a later one), frees the padded words and reads the record at word 0,
    // which our commit() of that record publishes. Its reset of this header
    // and our later stores to it are ordered through head_ (has_room).
    if (pad) headers_[tail & (words_ - 1)].store(padding | committed, std::memory_order_relaxed);
    std::size_t first = tail + pad;
    data_.mark_written(first & (words_ - 1), words_for(n));  // our write window opens
    return Reservation{bytes_at(first), n, first};
  }

  // Producer: publishes the reserved message (the bytes written before this call).
  void commit(const Reservation& r) {
    auto h = static_cast<std::uint32_t>(r.size << 2) | committed;
    data_.mark_written(r.first_word & (words_ - 1), words_for(r.size));  // and closes: the bytes are final
    headers_[r.first_word & (words_ - 1)].store(h, std::memory_order_release);
  }

  // Consumer: the oldest message, in place, or nullopt when none is committed yet.
  std::optional<std::span<const std::byte>> peek() {
    for (;;) {
      std::size_t head = head_.load(std::memory_order_relaxed);  // only we write it
      std::size_t idx = head & (words_ - 1);
      std::uint32_t h = headers_[idx].load(std::memory_order_acquire);  // pairs with commit()
      if (!(h & committed)) return std::nullopt;
      if (h & padding) {
        free_words(head, words_ - idx);
        continue;
      }
      data_.mark_read(idx, words_for(h >> 2));  // the consumer's read window opens
      return std::span<const std::byte>(bytes_at(head), h >> 2);
    }
  }

  // Consumer: hands the message returned by peek() back to the producers.
  void release() {
    std::size_t head = head_.load(std::memory_order_relaxed);
    std::uint32_t h = headers_[head & (words_ - 1)].load(std::memory_order_relaxed);
    data_.mark_read(head & (words_ - 1), words_for(h >> 2));  // and closes: the producers may have them back
    free_words(head, words_for(h >> 2));
  }

  // Copying conveniences over the zero-copy calls.
  bool try_write(std::span<const std::byte> msg) {
    auto r = reserve(msg.size());
    if (!r) return false;
    if (!msg.empty()) std::memcpy(r->data, msg.data(), msg.size());
    commit(*r);
    return true;
  }
  template <class Consume>
  bool try_read(Consume&& consume) {
    auto msg = peek();
    if (!msg) return false;
    consume(*msg);
    release();
    return true;
  }

 private:
  static std::size_t words_for(std::size_t n) { return n == 0 ? 1 : (n + word - 1) / word; }
  static std::size_t round_up_pow2(std::size_t n) {
    std::size_t p = 2;
    while (p < n) p <<= 1;
    return p;
  }
  std::byte* bytes_at(std::size_t pos) { return data_.bytes(pos & (words_ - 1)); }

  // Would [tail, tail + total) stay within one lap of the consumer?
  bool has_room(std::size_t tail, std::size_t total) {
    constexpr std::size_t slack = LapOffByOne ? 1 : 0;  // the mutation point: one word too many
    if constexpr (!MultiProducer) {
      if (tail + total - head_cache_ <= words_ + slack) return true;
      head_cache_ = head_.load(std::memory_order_acquire);  // the consumer is done with those words
      return tail + total - head_cache_ <= words_ + slack;
    } else {
      return tail + total - head_.load(std::memory_order_acquire) <= words_ + slack;
    }
  }

  void free_words(std::size_t head, std::size_t n) {
    headers_[head & (words_ - 1)].store(0, std::memory_order_relaxed);
    head_.store(head + n, std::memory_order_release);  // the reset above travels with it
  }

  const std::size_t words_;
  shared_words data_;
  std::unique_ptr<atomic<std::uint32_t>[]> headers_;
  alignas(cache_line) atomic<std::size_t> tail_{0};
  std::size_t head_cache_ = 0;  // single producer's copy of head_
  alignas(cache_line) atomic<std::size_t> head_{0};
};

// Ours: one producer (false) or many (true), one consumer.
template <bool MultiProducer>
class ByteRing : public BasicByteRing<MultiProducer, false> {
 public:
  static constexpr std::string_view name = detail::byte_ring_name(MultiProducer);
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description = detail::byte_ring_description(MultiProducer);
  using BasicByteRing<MultiProducer, false>::BasicByteRing;
};

}  // namespace gauntlet::ring
