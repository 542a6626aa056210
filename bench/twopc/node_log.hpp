#pragma once
// A node's log for the threaded runtime: either the simulator's model (records
// counted, a sync costs nothing) or a real file under /tmp where sync is
// fdatasync(2), so the benchmark can put the price of a forced write beside the model.
//
// Records are written as raw bytes (a small header and the writes); the
// benchmark never replays them, it only pays for writing and syncing them.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "impls/twopc/replicated.hpp"
#include "impls/twopc/types.hpp"

namespace gauntlet::twopc::runtime {

enum class LogMode { modelled, fsync };

class NodeLog {
 public:
  NodeLog(LogMode mode, const std::string& path) : mode_(mode) {
    if (mode_ == LogMode::modelled) return;
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd_ < 0) throw std::runtime_error("cannot open " + path);
    path_ = path;
  }
  ~NodeLog() {
    if (fd_ >= 0) {
      ::close(fd_);
      ::unlink(path_.c_str());
    }
  }
  NodeLog(const NodeLog&) = delete;
  NodeLog& operator=(const NodeLog&) = delete;

  void write(const PartRecord& r) { put(static_cast<int>(r.type), r.txn, r.writes.size(), r.writes.data()); }
  void write(const CoordRecord& r) { put(static_cast<int>(r.type), r.txn, 0, nullptr); }
  void write(const RaftRecord& r) {
    std::string bytes;
    for (const auto& e : r.entries) bytes += e.command;
    put(3, r.append_from, r.entries.size(), nullptr);
    append(bytes.data(), bytes.size());
  }

  void sync() {
    ++syncs_;
    if (mode_ == LogMode::modelled) return;
    if (::fdatasync(fd_) != 0) throw std::runtime_error("fdatasync failed on " + path_);
  }

  std::uint64_t syncs() const { return syncs_; }

 private:
  void put(int type, std::uint64_t id, std::size_t n, const Write* writes) {
    std::uint64_t header[3] = {static_cast<std::uint64_t>(type), id, n};
    append(header, sizeof header);
    if (writes) append(writes, n * sizeof(Write));
  }
  void append(const void* data, std::size_t n) {
    bytes_ += n;
    if (mode_ == LogMode::modelled || n == 0) return;
    if (::write(fd_, data, n) != static_cast<ssize_t>(n)) throw std::runtime_error("write failed on " + path_);
  }

  LogMode mode_;
  int fd_ = -1;
  std::string path_;
  std::uint64_t syncs_ = 0, bytes_ = 0;
};

}  // namespace gauntlet::twopc::runtime
