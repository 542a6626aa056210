#pragma once
// A disk with an explicit sync: the model of what survives a crash.
//
// The disk is an append-only journal of Records (any copyable type the protocol
// chooses: "set term and vote", "append entries at i", "decision for txn t").
// write() puts a record in the page cache; sync() makes everything written so
// far durable. A crash keeps the durable records and, like a real disk that
// flushed some pages on its own, possibly a prefix of the unsynced ones. On
// restart the protocol replays durable() to rebuild its state.
//
// rewrite() replaces the whole journal atomically (write a new file, fsync,
// rename): how a protocol compacts it after a snapshot.
#include <cstdint>
#include <vector>

#include "verify/sim/rng.hpp"

namespace gauntlet::sim {

template <class Record>
class Disk {
 public:
  void write(Record r) {
    pending_.push_back(std::move(r));
    ++writes_;
  }

  void sync() {
    if (pending_.empty()) return;
    for (auto& r : pending_) durable_.push_back(std::move(r));
    pending_.clear();
    ++syncs_;
  }

  // Loses unsynced writes; with keep_some_unsynced, a random prefix of them survives.
  void crash(Rng& rng, bool keep_some_unsynced) {
    std::size_t kept = keep_some_unsynced && !pending_.empty() ? rng.below(pending_.size() + 1) : 0;
    for (std::size_t i = 0; i < kept; ++i) durable_.push_back(std::move(pending_[i]));
    lost_ += pending_.size() - kept;
    pending_.clear();
  }

  void rewrite(std::vector<Record> records) {
    sync();
    durable_ = std::move(records);
    ++syncs_;
  }

  const std::vector<Record>& durable() const { return durable_; }
  bool dirty() const { return !pending_.empty(); }
  std::uint64_t writes() const { return writes_; }
  std::uint64_t syncs() const { return syncs_; }
  std::uint64_t lost() const { return lost_; }

 private:
  std::vector<Record> durable_;
  std::vector<Record> pending_;
  std::uint64_t writes_ = 0, syncs_ = 0, lost_ = 0;
};

}  // namespace gauntlet::sim
