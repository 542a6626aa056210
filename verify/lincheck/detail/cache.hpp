#pragma once
// The search's memo: every (set of linearized operations, model state) pair
// already visited. An entry also stands for the same configuration with more
// indeterminate operations linearized: those leave fewer options, so if the
// entry's configuration fails, so do they (search.hpp).
//
// Open addressing with linear probing. A slot holds an entry index and 32
// bits of its hash, so a probe that misses never leaves the slot array. Each
// entry is one record in a word arena: [hash, bitset words..., state words]
// when the state is trivially copyable (one cache line for small histories);
// other states live in a side vector.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

namespace gauntlet::lincheck::detail {

template <class State>
class VisitedCache {
  static constexpr bool inline_state = std::is_trivially_copyable_v<State>;
  static constexpr std::size_t state_words = inline_state ? (sizeof(State) + 7) / 8 : 0;

 public:
  // `optional` marks the operations that may be left out (indeterminate ones).
  // `expected`: about how many entries to make room for at first (the
  // partition's operations); a small history then allocates and touches little.
  VisitedCache(std::size_t words_per_set, std::vector<std::uint64_t> optional, std::size_t expected = 256)
      : words_(words_per_set), stride_(1 + words_per_set + state_words), optional_(std::move(optional)) {
    slots_.assign(std::bit_ceil(std::clamp<std::size_t>(2 * expected, 16, 1024)), 0);
    arena_.reserve(std::min<std::size_t>(expected, 512) * stride_);
    if constexpr (!inline_state) side_.reserve(std::min<std::size_t>(expected, 512));  // growth would copy states
  }

  // Inserts (bits, state) unless it is subsumed by an entry: one with the same
  // state, the same required operations, and a subset of the optional ones.
  // True when it was inserted. `hash` must be a function of the state and the
  // required operations only, so that subsuming entries share it.
  template <class Eq>
  bool insert(const std::uint64_t* bits, std::uint64_t hash, const State& state, Eq&& same_state) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    const std::uint64_t tag = hash >> 32;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) {
        slots_[i] = (tag << 32) | (count_ + 1);
        append(bits, hash, state);
        return true;
      }
      if ((slot >> 32) != tag) continue;
      const std::size_t index = (slot & 0xffffffffu) - 1;
      const std::uint64_t* rec = &arena_[index * stride_];
      if (rec[0] == hash && subsumes(rec + 1, bits) && same(index, rec, state, same_state)) return false;
    }
  }

  std::size_t size() const { return count_; }
  // Bytes held by the cache (states' own heap memory is added by the caller).
  std::size_t bytes() const { return arena_.capacity() * 8 + slots_.capacity() * 8 + side_.capacity() * sizeof(State); }

 private:
  void append(const std::uint64_t* bits, std::uint64_t hash, const State& state) {
    std::size_t at = arena_.size();
    arena_.resize(at + stride_, 0);
    arena_[at] = hash;
    std::memcpy(&arena_[at + 1], bits, words_ * 8);
    if constexpr (inline_state)
      std::memcpy(&arena_[at + 1 + words_], &state, sizeof(State));
    else
      side_.push_back(state);
    ++count_;
  }

  // stored has no operation that current lacks, and lacks only optional ones.
  bool subsumes(const std::uint64_t* stored, const std::uint64_t* current) const {
    for (std::size_t w = 0; w < words_; ++w)
      if ((stored[w] & ~current[w]) != 0 || (current[w] & ~stored[w] & ~optional_[w]) != 0) return false;
    return true;
  }

  template <class Eq>
  bool same(std::size_t index, const std::uint64_t* rec, const State& state, Eq& same_state) const {
    if constexpr (inline_state) {
      State s;
      std::memcpy(static_cast<void*>(&s), rec + 1 + words_, sizeof(State));
      return same_state(s, state);
    } else {
      return same_state(side_[index], state);
    }
  }

  void grow() {
    std::vector<std::uint64_t> bigger(slots_.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::size_t k = 0; k < count_; ++k) {
      std::uint64_t hash = arena_[k * stride_];
      std::size_t i = hash & mask;
      while (bigger[i] != 0) i = (i + 1) & mask;
      bigger[i] = ((hash >> 32) << 32) | (k + 1);
    }
    slots_.swap(bigger);
  }

  std::size_t words_;
  std::size_t stride_;
  std::vector<std::uint64_t> optional_;
  std::size_t count_ = 0;
  std::vector<std::uint64_t> arena_;
  std::vector<std::uint64_t> slots_;
  std::vector<State> side_;
};

}  // namespace gauntlet::lincheck::detail
