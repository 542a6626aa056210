#pragma once
// An out-of-tree batching policy, written as a user of gauntlet would, to show
// what `scripts/gauntlet adopt batch` needs: a class template over the message
// type meeting BatchPolicy (impls/batch/batcher.hpp). It is pure: no threads
// and no clock of its own; gauntlet's processor calls it from its worker with
// each message's arrival time, and the verifier with made-up times.
//
// Size or timeout: a batch goes out when it holds max_size messages, or when
// its oldest message is `timeout` old, whichever comes first.
#include <chrono>
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "impls/batch/batcher.hpp"

namespace example {

using gauntlet::batch::clock;

template <class M, bool TimedFromTheFirst>
class BasicOldestFirstBatcher {
 public:
  BasicOldestFirstBatcher(std::size_t max_size, clock::duration timeout, clock::time_point /*start*/)
      : max_size_(max_size), timeout_(timeout) {}

  std::optional<std::vector<M>> add(M m, clock::time_point now) {
    // The deadline follows the batch's first message; the broken variant moves it with every message.
    if (pending_.empty() || !TimedFromTheFirst) due_ = now + timeout_;
    pending_.push_back(std::move(m));
    if (pending_.size() >= max_size_) return take();
    return std::nullopt;
  }
  std::optional<clock::time_point> deadline() const {
    return pending_.empty() ? std::nullopt : std::optional<clock::time_point>(due_);
  }
  std::optional<std::vector<M>> tick(clock::time_point now) {
    if (pending_.empty() || now < due_) return std::nullopt;
    return take();
  }
  std::optional<std::vector<M>> flush() {
    if (pending_.empty()) return std::nullopt;
    return take();
  }

 private:
  std::vector<M> take() { return std::exchange(pending_, {}); }

  std::size_t max_size_;
  clock::duration timeout_;
  clock::time_point due_{};
  std::vector<M> pending_;
};

// Correct: timed from the batch's first message.
template <class M>
using OldestFirstBatcher = BasicOldestFirstBatcher<M, true>;

}  // namespace example
