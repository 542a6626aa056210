#pragma once
// Lowe's search over one partition, as Porcupine runs it.
//
// Walk the entry list from its head. At a call, try to linearize the
// operation now: step the model; for a successor state whose (linearized set,
// state) pair is new, push a frame, lift the operation out of the list and
// restart from the head. At a return, the operation whose return it is can no
// longer be linearized later than the ones before it: backtrack, popping the
// last frame, unlifting it, and trying its next successor or the next entry.
// The linearized set plus state determines the rest of the search, so the
// cache makes every configuration explored at most once.
//
// Candidates (the calls before the first return in the list) are tried in
// three passes: observers, other determinate operations, indeterminate ones.
// An observer is an operation the model calls read_only: whenever it fits, it
// leaves the state as it was (a read, a failed cas). If an observer fits in
// configuration (S, s), then (S, s) extends to a full linearization exactly
// when (S + observer, s) does: any linearization from (S, s) stays valid with
// the observer moved to its front, since everything that must precede it is
// in S already and it changes nothing. So an observer is taken without
// branching: when it fits but its configuration is already in the cache (so
// failed), or the search comes back from it, (S, s) fails too. Otherwise any
// order is complete; trying indeterminate operations (which may never have
// happened) last finds linearizations of Jepsen histories much sooner.
//
// The cache is keyed on the state and the determinate operations only: an
// entry (S + I, s), I indeterminate, also rules out (S + J, s) for every J
// containing I. A completion of (S + J, s) is one of (S + I, s) too, the
// operations of J - I simply never taking effect; so if the entry failed,
// this fails, and if the entry is still on the current path, its search
// meets that completion without passing through (S + J, s).
//
// A model with a lookahead (lookahead.hpp) also lets a candidate that does
// not fit rule the whole configuration out, when no state reachable before
// its return could fit it either.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/detail/cache.hpp"
#include "verify/lincheck/detail/control.hpp"
#include "verify/lincheck/detail/entry_list.hpp"
#include "verify/lincheck/detail/lookahead.hpp"

namespace gauntlet::lincheck::detail {

template <class M>
std::size_t state_heap_bytes(const M& model, const typename M::State& s) {
  if constexpr (requires { model.heap_bytes(s); })
    return model.heap_bytes(s);
  else
    return 0;
}

// The three passes over the candidates of a configuration.
// `ignored`: an indeterminate observer, which makes no difference whether or
// when it took effect, is never tried.
enum class Pass : std::uint8_t { observers, determinate, indeterminate, ignored };

template <class Model>
class Search {
 public:
  using State = typename Model::State;
  using Op = Operation<typename Model::Input, typename Model::Output>;

  // `ids` selects the partition's operations from `history`.
  Search(const Model& model, const std::vector<Op>& history, const std::vector<std::size_t>& ids, Control& control,
         bool compute_partial, bool reductions = true)
      : model_(model),
        history_(history),
        ids_(ids),
        control_(control),
        compute_partial_(compute_partial),
        reductions_(reductions),
        list_(times(history, ids, true), times(history, ids, false), never),
        lookahead_(model, history, ids, reductions),
        words_((ids.size() + 63) / 64),
        linearized_(words_ == 0 ? 1 : words_, 0),
        cache_(words_ == 0 ? 1 : words_, optional_mask(history, ids, reductions), ids.size()) {
    zobrist_.reserve(ids.size());
    pass_of_.reserve(ids.size());
    frames_.reserve(ids.size());  // never deeper: no reallocation moving states mid-search
    for (std::size_t i = 0; i < ids.size(); ++i) {
      // Indeterminate operations stay out of the hash, so subsuming cache entries share it.
      zobrist_.push_back(history[ids[i]].indeterminate && reductions ? 0 : mix64(0x5eed0000 + i));
      pass_of_.push_back(pass_for(history[ids[i]]));
    }
  }

  PartitionResult run() {
    PartitionResult result;
    result.ops = ids_;
    std::size_t remaining = 0;  // operations that must still be linearized
    for (auto i : ids_) remaining += history_[i].indeterminate ? 0 : 1;

    State state = model_.init();
    std::int32_t entry = list_.first();
    std::size_t resume = 0;  // first successor to try at `entry` (after a backtrack)
    Pass pass = Pass::observers;
    bool backtrack = false;         // this configuration is known to fail
    std::uint64_t set_hash = 0;     // Zobrist hash of the linearized set
    std::size_t counted_bytes = 0;  // memory reported to control_
    std::uint32_t poll = 0;

    auto report_memory = [&] {
      std::size_t bytes = cache_.bytes() + state_bytes_ + frames_.capacity() * sizeof(Frame);
      if (bytes != counted_bytes) {
        control_.add_memory(static_cast<std::ptrdiff_t>(bytes) - static_cast<std::ptrdiff_t>(counted_bytes));
        counted_bytes = bytes;
      }
    };
    auto finish = [&](Verdict v) {
      report_memory();  // short searches never reached a poll
      result.verdict = v;
      result.memory_bytes = counted_bytes;
      control_.add_memory(-static_cast<std::ptrdiff_t>(counted_bytes));
      return std::move(result);  // captured by reference: a plain return would copy its vectors
    };

    while (true) {
      if (remaining == 0) {
        result.linearizations.push_back(current_order());
        return finish(Verdict::linearizable);
      }
      if (++poll == 256) {
        poll = 0;
        report_memory();
        if (control_.should_stop()) {
          result.reason = describe(control_.reason());
          return finish(Verdict::unknown);
        }
      }
      const bool at_call = !backtrack && entry != EntryList::none && list_[entry].is_call;
      if (!at_call && !backtrack && pass != Pass::indeterminate) {
        // Every candidate of this pass failed here; start the next pass.
        pass = static_cast<Pass>(static_cast<int>(pass) + 1);
        entry = list_.first();
        continue;
      }
      if (at_call) {
        const auto& node = list_[entry];
        if (pass_of_[node.op] != pass) {
          entry = node.next;
          continue;
        }
        const Op& op = history_[ids_[node.op]];
        if (pass == Pass::observers) {
          // An observer leaves the state as it is where it fits: no successor
          // to build, and its frame saves no state.
          bool fits = observer_fits(state, op);
          bool advanced = false;
          set_bit(node.op);
          set_hash ^= zobrist_[node.op];
          if (fits && cache_.insert(linearized_.data(), set_hash ^ mix64(model_.hash(state)), state, same_)) {
            ++result.states_explored;
            state_bytes_ += state_heap_bytes(model_, state);  // the cache's copy
            frames_.push_back({entry, State{}, 0, 1, pass});
            list_.lift(entry);
            --remaining;
            entry = list_.first();
            advanced = true;
          }
          if (!advanced) {
            clear_bit(node.op);
            set_hash ^= zobrist_[node.op];
            entry = node.next;
            if (fits) backtrack = true;  // it fits but leads only where the search has failed
            if (!fits && lookahead_.rules_out(node.op, state, [&](std::uint32_t i) { return has_bit(i); })) {
              backtrack = true;
              ++result.lookahead_prunes;
            }
          }
          resume = 0;
          continue;
        }
        auto next =
            op.indeterminate ? model_.step_indeterminate(state, op.input) : model_.step(state, op.input, op.output);
        bool advanced = false;
        set_bit(node.op);
        set_hash ^= zobrist_[node.op];
        for (std::size_t k = resume; k < next.size(); ++k) {
          std::uint64_t h = set_hash ^ mix64(model_.hash(next[k]));
          if (!cache_.insert(linearized_.data(), h, next[k], same_)) continue;
          ++result.states_explored;
          state_bytes_ += state_heap_bytes(model_, next[k]);
          frames_.push_back({entry, std::move(state), k, next.size(), pass});
          state = std::move(next[k]);
          list_.lift(entry);
          if (!op.indeterminate) --remaining;
          entry = list_.first();
          pass = Pass::observers;
          advanced = true;
          break;
        }
        resume = 0;
        if (!advanced) {
          clear_bit(node.op);
          set_hash ^= zobrist_[node.op];
          entry = node.next;
          // An observer that fits here but only leads somewhere already ruled
          // out rules this configuration out too (see the header comment).
          if (pass == Pass::observers && !next.empty()) backtrack = true;
          // It cannot fit later either (lookahead.hpp): nor can this configuration.
          if (next.empty() && lookahead_.rules_out(node.op, state, [&](std::uint32_t i) { return has_bit(i); })) {
            backtrack = true;
            ++result.lookahead_prunes;
          }
        }
        continue;
      }
      // A return, the end of the list, or a configuration known to fail: backtrack.
      // The path is noted here rather than at each step down, so a search that
      // never backtracks copies no partial orders: every deepest path is still
      // seen, when the search first turns back from its end.
      backtrack = false;
      if (compute_partial_ && !frames_.empty()) note_depth();
      if (frames_.empty()) {
        result.linearizations = std::move(longest_);
        return finish(Verdict::not_linearizable);
      }
      Frame f = std::move(frames_.back());
      frames_.pop_back();
      const auto& node = list_[f.entry];
      if (f.pass != Pass::observers) state = std::move(f.saved);  // an observer's frame kept the state as it was
      clear_bit(node.op);
      set_hash ^= zobrist_[node.op];
      list_.unlift(f.entry);
      pass = f.pass;
      if (!history_[ids_[node.op]].indeterminate) ++remaining;
      if (f.pass == Pass::observers) {
        backtrack = true;  // the observer failed after it, so nothing else can succeed here
      } else if (f.tried + 1 < f.successors) {
        entry = f.entry;  // the same operation, from its next successor state
        resume = f.tried + 1;
      } else {
        entry = node.next;
      }
    }
  }

 private:
  struct Frame {
    std::int32_t entry;
    State saved;  // the state before this operation
    // Full width: a nondeterministic model may offer any number of successors,
    // and a narrower count would silently skip the ones beyond it.
    std::size_t tried;       // which successor of the step was taken
    std::size_t successors;  // how many the step offered
    Pass pass;               // the pass that found it
  };

  // Only the entry list's constructor reads them: a scratch buffer per thread
  // (one for calls, one for returns) spares a small partition two allocations.
  static const std::vector<std::int64_t>& times(const std::vector<Op>& h, const std::vector<std::size_t>& ids,
                                                bool call) {
    thread_local std::vector<std::int64_t> scratch[2];
    std::vector<std::int64_t>& t = scratch[call ? 0 : 1];
    t.clear();
    for (auto i : ids) t.push_back(call ? h[i].call : (h[i].indeterminate ? never : h[i].ret));
    return t;
  }

  static std::vector<std::uint64_t> optional_mask(const std::vector<Op>& h, const std::vector<std::size_t>& ids,
                                                  bool reductions) {
    std::vector<std::uint64_t> mask((ids.size() + 63) / 64 + 1, 0);
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (h[ids[i]].indeterminate && reductions) mask[i / 64] |= std::uint64_t{1} << (i % 64);
    return mask;
  }

  void set_bit(std::uint32_t i) { linearized_[i / 64] |= std::uint64_t{1} << (i % 64); }
  void clear_bit(std::uint32_t i) { linearized_[i / 64] &= ~(std::uint64_t{1} << (i % 64)); }
  bool has_bit(std::uint32_t i) const { return (linearized_[i / 64] >> (i % 64)) & 1; }

  std::vector<std::size_t> current_order() const {
    std::vector<std::size_t> order;
    order.reserve(frames_.size());
    for (const auto& f : frames_) order.push_back(ids_[list_[f.entry].op]);
    return order;
  }

  // Keeps the longest partial linearizations seen (a few, of equal length).
  void note_depth() {
    static constexpr std::size_t keep = 4;
    if (frames_.size() > longest_length_) {
      longest_length_ = frames_.size();
      longest_.clear();
    }
    if (frames_.size() == longest_length_ && longest_.size() < keep) longest_.push_back(current_order());
  }

  // Whether an observer (read_only, determinate) fits in `s`; its successor would be `s` itself.
  bool observer_fits(const State& s, const Op& op) const {
    if constexpr (requires { model_.fits(s, op.input, op.output); })
      return model_.fits(s, op.input, op.output);
    else
      return !model_.step(s, op.input, op.output).empty();
  }

  // Which pass tries an operation.
  Pass pass_for(const Op& op) const {
    bool observer = false;
    if constexpr (requires { model_.read_only(op.input, op.output, false); })
      observer = reductions_ && model_.read_only(op.input, op.output, op.indeterminate);
    if (op.indeterminate) return observer ? Pass::ignored : Pass::indeterminate;
    return observer ? Pass::observers : Pass::determinate;
  }

  const Model& model_;
  const std::vector<Op>& history_;
  const std::vector<std::size_t>& ids_;
  Control& control_;
  bool compute_partial_;
  bool reductions_;
  EntryList list_;
  Lookahead<Model> lookahead_;
  std::size_t words_;
  std::vector<std::uint64_t> linearized_;
  std::vector<std::uint64_t> zobrist_;
  std::vector<Pass> pass_of_;
  VisitedCache<State> cache_;
  std::vector<Frame> frames_;
  std::size_t state_bytes_ = 0;
  std::size_t longest_length_ = 0;
  std::vector<std::vector<std::size_t>> longest_;
  static constexpr auto same_ = [](const State& a, const State& b) { return a == b; };
};

}  // namespace gauntlet::lincheck::detail
