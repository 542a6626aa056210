#pragma once
// An in-memory file system that records every operation made through it.
//
// Its live contents are what the process sees (the page cache): every write is
// visible at once. The log is what the crash checker replays
// (verify/checkpoint/crash_model.hpp) to build the states a power loss may
// leave on disk. One sync call (fsync, fdatasync or the directory's fsync), by
// its index among them, can be made to fail with EIO: the call is logged as
// failed and changes nothing here; what a failed sync means for durability is
// the crash model's business.
#include <cerrno>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "impls/checkpoint/fs.hpp"

namespace gauntlet::checkpoint {

enum class OpType { create, write, fsync, rename, unlink, fsync_dir };

struct Op {
  OpType type;
  std::uint32_t inode = 0;  // create, write, fsync
  std::string name;         // create, unlink, rename's source
  std::string to;           // rename's target
  std::uint64_t offset = 0;
  bytes data;           // write
  bool failed = false;  // a sync that returned EIO
};

// A directory's contents: names to inodes, and each inode's bytes.
struct FsImage {
  std::map<std::string, std::uint32_t> names;
  std::vector<bytes> inodes;
};

class RecordingFs final : public Fs {
 public:
  RecordingFs() = default;
  explicit RecordingFs(FsImage start) : live_(std::move(start)) {}

  // The sync call with this index (0 the first) returns -EIO.
  void fail_sync_at(std::uint64_t index) { fail_at_ = index; }
  std::uint64_t sync_calls() const { return syncs_; }
  const std::vector<Op>& log() const { return log_; }
  const FsImage& live() const { return live_; }

  int create(const std::string& name) override {
    const auto inode = static_cast<std::uint32_t>(live_.inodes.size());
    live_.inodes.emplace_back();
    live_.names[name] = inode;
    log_.push_back({OpType::create, inode, name, {}, 0, {}, false});
    fds_[next_fd_] = inode;
    return next_fd_++;
  }
  int pwrite(int fd, byte_view data, std::uint64_t offset) override {
    auto it = fds_.find(fd);
    if (it == fds_.end()) return -EBADF;
    bytes& f = live_.inodes[it->second];
    if (f.size() < offset + data.size()) f.resize(offset + data.size());
    std::copy(data.begin(), data.end(), f.begin() + static_cast<std::ptrdiff_t>(offset));
    log_.push_back({OpType::write, it->second, {}, {}, offset, bytes(data.begin(), data.end()), false});
    return 0;
  }
  int fsync(int fd) override { return sync_file(fd); }
  int fdatasync(int fd) override { return sync_file(fd); }
  int close(int fd) override { return fds_.erase(fd) ? 0 : -EBADF; }
  int rename(const std::string& from, const std::string& to) override {
    auto it = live_.names.find(from);
    if (it == live_.names.end()) return -ENOENT;
    const std::uint32_t inode = it->second;
    live_.names.erase(it);
    live_.names[to] = inode;
    log_.push_back({OpType::rename, inode, from, to, 0, {}, false});
    return 0;
  }
  int unlink(const std::string& name) override {
    auto it = live_.names.find(name);
    if (it == live_.names.end()) return -ENOENT;
    log_.push_back({OpType::unlink, it->second, name, {}, 0, {}, false});
    live_.names.erase(it);
    return 0;
  }
  int fsync_dir() override {
    const bool fail = next_sync_fails();
    log_.push_back({OpType::fsync_dir, 0, {}, {}, 0, {}, fail});
    return fail ? -EIO : 0;
  }
  std::vector<std::string> list() override {
    std::vector<std::string> out;
    for (const auto& [name, inode] : live_.names) out.push_back(name);
    return out;
  }
  std::optional<bytes> read(const std::string& name) override {
    auto it = live_.names.find(name);
    if (it == live_.names.end()) return std::nullopt;
    return live_.inodes[it->second];
  }

 private:
  bool next_sync_fails() {
    const bool fail = fail_at_ && syncs_ == *fail_at_;
    ++syncs_;
    return fail;
  }
  int sync_file(int fd) {
    auto it = fds_.find(fd);
    if (it == fds_.end()) return -EBADF;
    const bool fail = next_sync_fails();
    log_.push_back({OpType::fsync, it->second, {}, {}, 0, {}, fail});
    return fail ? -EIO : 0;
  }

  FsImage live_;
  std::vector<Op> log_;
  std::map<int, std::uint32_t> fds_;
  int next_fd_ = 3;
  std::optional<std::uint64_t> fail_at_;
  std::uint64_t syncs_ = 0;
};

}  // namespace gauntlet::checkpoint
