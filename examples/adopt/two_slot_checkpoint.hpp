#pragma once
// An out-of-tree checkpointer, written as a user of gauntlet would, to show
// what `scripts/gauntlet adopt checkpoint` needs: the family's Checkpointer
// interface (impls/checkpoint/interface.hpp), with every file operation made
// through the gauntlet::checkpoint::Fs it is given, so that the crash checker
// can replay them and try every state a power loss could leave.
//
// Two slots: a checkpoint goes into the slot that does not hold the newest
// durable one, which stays intact while the other is written. (Not "slot
// n % 2": after a checkpoint whose sync failed, that would overwrite the only
// durable slot. crash-fsync-eio caught this example's first version so.)
// Each slot file is a
// header (sequence number, length, checksum of both and the state) and the
// state. recover() takes the valid slot with the larger sequence number; a
// torn or half-written slot fails its checksum and is skipped.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>

#include "impls/checkpoint/fs.hpp"

namespace example {

namespace ckpt = gauntlet::checkpoint;

template <bool SyncDirectory>
class BasicTwoSlotCheckpoint {
 public:
  explicit BasicTwoSlotCheckpoint(ckpt::Fs& fs) : fs_(fs) {}

  bool checkpoint(ckpt::byte_view state) {
    if (!seq_) {
      const Newest n = newest();
      seq_ = n.seq;
      durable_ = n.slot;
    }
    const std::uint64_t seq = ++*seq_;  // never reused, failed checkpoints included
    const int target = durable_ == 0 ? 1 : 0;
    ckpt::bytes file(kHeader + state.size());
    const std::uint64_t len = state.size();
    std::memcpy(file.data(), &seq, 8);
    std::memcpy(file.data() + 8, &len, 8);
    std::copy(state.begin(), state.end(), file.begin() + kHeader);
    const std::uint64_t sum = checksum(file);
    std::memcpy(file.data() + 16, &sum, 8);

    const int fd = fs_.create(kSlots[target]);
    if (fd < 0) return false;
    bool ok = fs_.pwrite(fd, file, 0) == 0 && fs_.fdatasync(fd) == 0;
    fs_.close(fd);
    // create() replaced the slot's directory entry: durable only once the directory is synced.
    if (ok && SyncDirectory) ok = fs_.fsync_dir() == 0;
    if (ok) durable_ = target;
    return ok;
  }

  std::optional<ckpt::bytes> recover() { return std::move(newest().state); }

 private:
  static constexpr std::size_t kHeader = 24;
  static constexpr const char* kSlots[2] = {"slot-0", "slot-1"};

  struct Newest {
    std::uint64_t seq = 0;  // 0: no valid slot
    int slot = -1;
    std::optional<ckpt::bytes> state;
  };

  // FNV-1a over the file with the checksum field read as zero.
  static std::uint64_t checksum(const ckpt::bytes& file) {
    std::uint64_t h = 14695981039346656037ull;
    for (std::size_t i = 0; i < file.size(); ++i) {
      const auto b = (i >= 16 && i < 24) ? 0u : static_cast<unsigned>(file[i]);
      h = (h ^ b) * 1099511628211ull;
    }
    return h;
  }

  Newest newest() {
    Newest best;
    for (int slot : {0, 1}) {
      const std::optional<ckpt::bytes> file = fs_.read(kSlots[slot]);
      if (!file || file->size() < kHeader) continue;
      std::uint64_t seq, len, sum;
      std::memcpy(&seq, file->data(), 8);
      std::memcpy(&len, file->data() + 8, 8);
      std::memcpy(&sum, file->data() + 16, 8);
      if (seq == 0 || len != file->size() - kHeader || sum != checksum(*file) || seq <= best.seq) continue;
      best = {seq, slot, ckpt::bytes(file->begin() + kHeader, file->end())};
    }
    return best;
  }

  ckpt::Fs& fs_;
  std::optional<std::uint64_t> seq_;
  int durable_ = -1;  // the slot of the newest durable checkpoint (-1: none)
};

// Correct: a slot's new entry is synced before the checkpoint is acknowledged.
using TwoSlotCheckpoint = BasicTwoSlotCheckpoint<true>;

}  // namespace example
