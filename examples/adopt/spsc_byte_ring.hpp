#pragma once
// An out-of-tree single-producer, single-consumer ring of variable-length
// byte messages, as `scripts/gauntlet adopt ring` takes it: a constructor from
// the capacity in bytes, try_write, try_read(consume) and the producer and
// consumer limits (impls/ring/family.hpp, RingInterface). Positions count
// 64-bit words; a message is a length word and its bytes, and one that would
// run past the end is put at the start behind a padding word. The ring holds
// twice the words asked for and takes messages of up to half of them, so an
// empty ring always has room for a message after its padding (a message as
// large as the whole ring could wait forever behind one). The words go
// through gauntlet's platform layer (shared_words), so Relacy model-checks
// the publication of the bytes, not only the indices.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "impls/platform/platform.hpp"

namespace example {

template <std::memory_order Publish>
class BasicSpscByteRing {
 public:
  static constexpr int max_producers = 1;
  static constexpr int max_consumers = 1;

  explicit BasicSpscByteRing(std::size_t capacity_bytes)
      : n_(2 * std::max<std::size_t>(capacity_bytes / 8, 2)), words_(n_), scratch_(n_ * 8) {}

  bool try_write(std::span<const std::byte> msg) {
    const std::size_t need = 1 + (msg.size() + 7) / 8;
    if (need > n_ / 2) return false;  // too large for this ring, ever
    std::size_t tail = tail_.load(std::memory_order_relaxed);
    const std::size_t head = head_.load(std::memory_order_acquire);  // the consumer is done with those words
    const std::size_t pad = tail % n_ + need > n_ ? n_ - tail % n_ : 0;
    if (tail + pad + need - head > n_) return false;
    if (pad != 0) {
      words_.store(tail % n_, kPadding);
      tail += pad;
    }
    const std::size_t at = tail % n_;
    words_.store(at, msg.size());
    for (std::size_t i = 0; 8 * i < msg.size(); ++i) {
      std::uint64_t w = 0;
      std::memcpy(&w, msg.data() + 8 * i, std::min<std::size_t>(8, msg.size() - 8 * i));
      words_.store(at + 1 + i, w);
    }
    tail_.store(tail + need, Publish);  // publishes the padding, the length and the bytes written above
    return true;
  }

  template <class Consume>
  bool try_read(Consume&& consume) {
    std::size_t head = head_.load(std::memory_order_relaxed);
    if (tail_.load(std::memory_order_acquire) == head) return false;
    std::uint64_t len = words_.load(head % n_);
    if (len == kPadding) {  // the message is at the start, published by the same store
      head += n_ - head % n_;
      len = words_.load(head % n_);
    }
    const std::size_t at = head % n_, body = (len + 7) / 8;
    for (std::size_t i = 0; i < body; ++i) {
      const std::uint64_t w = words_.load(at + 1 + i);
      std::memcpy(scratch_.data() + 8 * i, &w, 8);
    }
    consume(std::span<const std::byte>(scratch_.data(), len));
    head_.store(head + 1 + body, std::memory_order_release);  // frees the words for the producer
    return true;
  }

 private:
  static constexpr std::uint64_t kPadding = ~std::uint64_t{0};
  const std::size_t n_;
  gauntlet::shared_words words_;
  std::vector<std::byte> scratch_;  // the consumer's copy, handed to consume
  gauntlet::atomic<std::size_t> head_{0}, tail_{0};
};

using SpscByteRing = BasicSpscByteRing<std::memory_order_release>;

}  // namespace example
