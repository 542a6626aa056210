#pragma once
// The in-memory log: a snapshot's (index, term) followed by the entries after it.
#include <algorithm>
#include <optional>
#include <vector>

#include "impls/raft/types.hpp"

namespace gauntlet::raft {

class Log {
 public:
  Index first_index() const { return snap_index_ + 1; }
  Index last_index() const { return snap_index_ + entries_.size(); }
  Index snapshot_index() const { return snap_index_; }
  Term snapshot_term() const { return snap_term_; }
  Term last_term() const { return entries_.empty() ? snap_term_ : entries_.back().term; }

  // Term of entry i; nullopt when i is compacted away or past the end.
  std::optional<Term> term(Index i) const {
    if (i == snap_index_) return snap_term_;
    if (i < snap_index_ || i > last_index()) return std::nullopt;
    return entries_[i - first_index()].term;
  }

  const Entry& at(Index i) const { return entries_[i - first_index()]; }

  // Entries [lo, hi), at most `max`; lo must not be compacted.
  std::vector<Entry> slice(Index lo, Index hi, std::size_t max = SIZE_MAX) const {
    std::vector<Entry> out;
    hi = std::min(hi, last_index() + 1);
    for (Index i = lo; i < hi && out.size() < max; ++i) out.push_back(at(i));
    return out;
  }

  void append(Entry e) { entries_.push_back(std::move(e)); }

  // Drops entries from i on.
  void truncate_from(Index i) {
    if (i <= last_index()) entries_.resize(i - first_index());
  }

  void overwrite(Entry e) { entries_[e.index - first_index()] = std::move(e); }

  // Forgets entries up to i (they are in a snapshot now).
  void compact(Index i, Term t) {
    if (i <= snap_index_) return;
    Index keep_from = std::min(i + 1, last_index() + 1);
    entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(keep_from - first_index()));
    snap_index_ = i;
    snap_term_ = t;
  }

  // Starts over from a snapshot, keeping the entries after it only if they
  // continue it (Raft figure 13, step 6).
  void restore(Index i, Term t) {
    if (term(i) == t) {
      compact(i, t);
    } else {
      entries_.clear();
      snap_index_ = i;
      snap_term_ = t;
    }
  }

 private:
  Index snap_index_ = 0;
  Term snap_term_ = 0;
  std::vector<Entry> entries_;
};

}  // namespace gauntlet::raft
