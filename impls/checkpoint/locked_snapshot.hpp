#pragma once
// Copy-under-lock (the seed's way): the writer takes the lock for each write,
// the checkpointer for the whole copy. Consistent, and the writer waits for
// the copy: its pause grows with the state.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string_view>
#include <vector>

#include "impls/checkpoint/interface.hpp"
#include "impls/platform/platform.hpp"

namespace gauntlet::checkpoint {

class LockedSnapshot {
 public:
  static constexpr std::string_view name = "copy-under-lock";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "snapshot by copying the whole state under the lock every write takes (the seed's sr.mu)";

  explicit LockedSnapshot(std::size_t words) : words_(words), n_(words) {
    for (std::size_t i = 0; i < n_; ++i) words_.store(i, 0);
  }

  void write(std::size_t i, std::uint64_t v) {
    unique_lock<mutex> g(mu_);
    words_.store(i, v);
  }
  void snapshot(std::vector<std::uint64_t>& out) {
    out.resize(n_);
    unique_lock<mutex> g(mu_);
    // mutation-equivalent: the marks only show the copy's reads to the model checker, inside the lock;
    // either mark alone would report a write racing with them.
    words_.mark_read(0, n_);
    std::memcpy(out.data(), words_.bytes(0), n_ * sizeof(std::uint64_t));  // mutation-equivalent: see above
    words_.mark_read(0, n_);
  }
  std::size_t size() const { return n_; }

 private:
  mutex mu_;
  shared_words words_;
  std::size_t n_;
};

}  // namespace gauntlet::checkpoint
