#pragma once
// The seed's MessageQueue (section 2.1), kept faithfully as a known-bad
// variant. Its two flaws, each shown by a test:
//   - WriteMessage never wraps: once the write position reaches the end the
//     queue is full forever, however much has been read;
//   - ReadMessage returns everything written since the last read as one
//     message (boundaries are lost), as a span aliasing the internal buffer,
//     handed out after the lock is released.
#include <cstddef>
#include <cstring>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "impls/platform/platform.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::ring {

class SeedRing {
 public:
  static constexpr std::string_view name = "seed-mutex-ring";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "the seed's MessageQueue: never wraps, ReadMessage merges messages and aliases the buffer";
  static constexpr auto caught_by = checks("fifo-wrap", "linearizable-fifo");
  static constexpr int max_producers = 0;
  static constexpr int max_consumers = 0;

  explicit SeedRing(std::size_t size) : buffer_(size), size_(size) {}

  // WriteMessage: copies msg in, or fails with "queue full".
  bool write_message(std::span<const std::byte> msg) {
    lock_guard<mutex> lk(mu_);
    if (write_pos_.load() + msg.size() > size_) return false;  // never wraps: full forever
    std::memcpy(buffer_.data() + write_pos_.load(), msg.data(), msg.size());
    write_pos_.store(write_pos_.load() + msg.size());
    return true;
  }

  // ReadMessage: everything since the last read, as one span into buffer_.
  std::optional<std::span<const std::byte>> read_message() {
    lock_guard<mutex> lk(mu_);
    if (read_pos_.load() >= write_pos_.load()) return std::nullopt;  // "queue empty"
    std::span<const std::byte> msg(buffer_.data() + read_pos_.load(), write_pos_.load() - read_pos_.load());
    read_pos_.store(write_pos_.load());
    return msg;
  }

  // The family's convenience interface, mapped onto the seed's two calls.
  bool try_write(std::span<const std::byte> msg) { return write_message(msg); }
  template <class Consume>
  bool try_read(Consume&& consume) {
    auto msg = read_message();
    if (!msg) return false;
    consume(*msg);
    return true;
  }

  const std::byte* storage() const { return buffer_.data(); }
  std::size_t storage_size() const { return size_; }

 private:
  std::vector<std::byte> buffer_;
  const std::size_t size_;
  shared_var<std::size_t> read_pos_{0}, write_pos_{0};
  mutex mu_;
};

}  // namespace gauntlet::ring
