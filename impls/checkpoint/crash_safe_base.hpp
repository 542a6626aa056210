#pragma once
// The crash-consistent checkpoint, and the one switch its known-bad variants
// turn: each Bug changes the single line marked `the mutation point (bug)`.
//
// checkpoint(state), number n:
//   create "checkpoint.tmp"; pwrite header (format.hpp) and state;
//   fdatasync it; rename it over "checkpoint"; fsync the directory; true.
// A failed sync is the end of that checkpoint (false): Linux marks the pages of
// a failed fsync clean, so a second fsync would succeed without writing them.
// Sequence numbers are never reused, failed checkpoints included, so two files
// with one number cannot hold different states.
//
// recover(): every "checkpoint*" file whose structure and checksum are valid;
// the one with the largest sequence number (a leftover temporary counts: it is
// only valid if fully written).
#include <cstdint>
#include <optional>
#include <string>

#include "impls/checkpoint/format.hpp"
#include "impls/checkpoint/fs.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::checkpoint {

enum class Bug { none, no_file_fsync, no_dir_fsync, rename_before_durable, checksum_unchecked, fsync_retry };

inline const std::string current_name = "checkpoint";
inline const std::string tmp_name = "checkpoint.tmp";

template <Bug B>
class BasicCrashSafeCheckpoint {
 public:
  explicit BasicCrashSafeCheckpoint(Fs& fs) : fs_(fs) {}

  bool checkpoint(byte_view state) {
    if (!seq_) seq_ = newest().first;
    const std::uint64_t seq = ++*seq_;
    const auto header = encode_header(seq, state);
    const int fd = fs_.create(tmp_name);
    if (fd < 0) return false;
    bool ok = fs_.pwrite(fd, header, 0) == 0 && fs_.pwrite(fd, state, header_size) == 0;
    if (ok && B != Bug::rename_before_durable) ok = sync(fd);  // the mutation point (rename-before-durable)
    if (ok) ok = fs_.rename(tmp_name, current_name) == 0;
    if (ok && B == Bug::rename_before_durable) ok = sync(fd);
    fs_.close(fd);
    if (ok && B != Bug::no_dir_fsync) ok = fs_.fsync_dir() == 0;  // the mutation point (no-dir-fsync)
    if (!ok) fs_.unlink(tmp_name);
    return ok;
  }

  std::optional<bytes> recover() { return std::move(newest().second); }

 private:
  bool sync(int fd) {
    if (B == Bug::no_file_fsync) return true;  // the mutation point (no-file-fsync)
    int rc = fs_.fdatasync(fd);
    if (rc != 0 && B == Bug::fsync_retry) rc = fs_.fdatasync(fd);  // the mutation point (fsync-retry)
    return rc == 0;
  }

  bool valid(byte_view file, const Header& h) const {
    if (B == Bug::checksum_unchecked) return true;  // the mutation point (checksum-unchecked)
    return verify_checksum(file, h);
  }

  // The largest valid sequence number on disk (0: none) and its state.
  std::pair<std::uint64_t, std::optional<bytes>> newest() {
    std::pair<std::uint64_t, std::optional<bytes>> best{0, std::nullopt};
    for (const std::string& name : fs_.list()) {
      if (name.rfind(current_name, 0) != 0) continue;
      std::optional<bytes> file = fs_.read(name);
      if (!file) continue;
      const std::optional<Header> h = parse_header(*file);
      if (!h || !valid(*file, *h) || h->seq <= best.first) continue;
      best = {h->seq, bytes(file->begin() + header_size, file->end())};
    }
    return best;
  }

  Fs& fs_;
  std::optional<std::uint64_t> seq_;
};

}  // namespace gauntlet::checkpoint
