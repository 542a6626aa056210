#pragma once
// What a sequential model is.
//
// A model is a C++ type with typed State, Input and Output and these members
// (an instance is passed to check(); models with no configuration are
// default-constructed):
//
//   static constexpr std::string_view name;        "cas-register"
//   static constexpr std::string_view operations;  one line for --help
//   State init() const;
//   Next<State> step(const State&, const Input&, const Output&) const;
//       next states when the operation may take effect here with this output;
//       empty when it may not. A nondeterministic model returns several.
//   Next<State> step_indeterminate(const State&, const Input&) const;
//       next states when the operation takes effect with an unknown outcome
//       (the checker itself covers "did not take effect at all").
//   std::size_t hash(const State&) const;   and State has operator==
//   std::string describe_operation(const Input&, const Output&, bool indeterminate) const;
//   std::string describe_state(const State&) const;
// optional:
//   bool read_only(const Input&, const Output&, bool indeterminate) const;
//       true when the operation never changes the state wherever it fits (a
//       read, a failed cas): the search then takes it without branching.
//   bool out_of_reach(const State&, const Input&, const Output&) const;
//   bool never_enables(const Input&, const Output&, bool indeterminate) const;
//   bool may_enable(j's Input, Output, indeterminate, o's Input, Output) const;
//       the lookahead (detail/lookahead.hpp): an operation that must still
//       take effect and no longer can rules a configuration out at once.
//   std::size_t heap_bytes(const State&) const;   memory a state owns beyond
//       sizeof(State), counted against the memory budget.
//   PartitionKey partition_key(const Input&) const;   P-compositionality: operations
//       with different keys are checked independently.
//   Operation from_raw(const RawOperation&) const / RawOperation to_raw(const Operation&) const
//       (raw_history.hpp) so the command line and the JSON format can read and write it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gauntlet::lincheck {

// The successors of one step. Deterministic models return at most one, held
// inline; a nondeterministic model's further states go to a vector that
// costs nothing unless used.
template <class State>
class Next {
 public:
  Next() = default;
  Next(State s) : first_(std::move(s)) {}  // NOLINT: a deterministic step returns its state
  void push(State s) {
    if (!first_)
      first_.emplace(std::move(s));
    else
      more_.push_back(std::move(s));
  }
  std::size_t size() const { return first_ ? 1 + more_.size() : 0; }
  bool empty() const { return !first_; }
  const State& operator[](std::size_t i) const { return i == 0 ? *first_ : more_[i - 1]; }
  State& operator[](std::size_t i) { return i == 0 ? *first_ : more_[i - 1]; }

  class iterator {
   public:
    iterator(const Next* n, std::size_t i) : n_(n), i_(i) {}
    const State& operator*() const { return (*n_)[i_]; }
    iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator!=(const iterator& o) const { return i_ != o.i_; }

   private:
    const Next* n_;
    std::size_t i_;
  };
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, size()}; }

 private:
  std::optional<State> first_;
  std::vector<State> more_;
};

template <class M>
concept SequentialModel = requires(const M m, const typename M::State s, const typename M::Input in,
                                   const typename M::Output out) {
  { m.init() } -> std::convertible_to<typename M::State>;
  { m.step(s, in, out).size() } -> std::convertible_to<std::size_t>;
  { m.step_indeterminate(s, in).size() } -> std::convertible_to<std::size_t>;
  { m.hash(s) } -> std::convertible_to<std::size_t>;
  { s == s } -> std::convertible_to<bool>;
  { m.describe_operation(in, out, true) } -> std::convertible_to<std::string>;
  { m.describe_state(s) } -> std::convertible_to<std::string>;
};

template <class M>
concept PartitionedModel = SequentialModel<M> && requires(const M m, const typename M::Input in) {
  m.partition_key(in);
};

// 64-bit mixing (splitmix64's finaliser): spreads small integers over the hash.
inline std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

inline std::uint64_t hash_combine(std::uint64_t seed, std::uint64_t v) {
  return mix64(seed ^ (v + 0x9e3779b97f4a7c15ull));
}

}  // namespace gauntlet::lincheck
