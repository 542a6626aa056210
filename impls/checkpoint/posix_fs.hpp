#pragma once
// The real file system: one directory, POSIX calls.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

#include "impls/checkpoint/fs.hpp"

namespace gauntlet::checkpoint {

class PosixFs final : public Fs {
 public:
  explicit PosixFs(std::filesystem::path dir) : dir_(std::move(dir)) { std::filesystem::create_directories(dir_); }

  const std::filesystem::path& dir() const { return dir_; }

  int create(const std::string& name) override {
    const int fd = ::open(path(name).c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
    return fd < 0 ? -errno : fd;
  }
  int pwrite(int fd, byte_view data, std::uint64_t offset) override {
    std::size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::pwrite(fd, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return -errno;
      }
      done += static_cast<std::size_t>(n);
    }
    return 0;
  }
  int fsync(int fd) override { return ::fsync(fd) == 0 ? 0 : -errno; }
  int fdatasync(int fd) override { return ::fdatasync(fd) == 0 ? 0 : -errno; }
  int close(int fd) override { return ::close(fd) == 0 ? 0 : -errno; }
  int rename(const std::string& from, const std::string& to) override {
    return ::rename(path(from).c_str(), path(to).c_str()) == 0 ? 0 : -errno;
  }
  int unlink(const std::string& name) override { return ::unlink(path(name).c_str()) == 0 ? 0 : -errno; }
  int fsync_dir() override {
    const int fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -errno;
    const int rc = ::fsync(fd) == 0 ? 0 : -errno;
    ::close(fd);
    return rc;
  }
  std::vector<std::string> list() override {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir_, ec)) out.push_back(e.path().filename().string());
    return out;
  }
  std::optional<bytes> read(const std::string& name) override {
    std::ifstream f(path(name), std::ios::binary);
    if (!f) return std::nullopt;
    std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    bytes out(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) out[i] = static_cast<std::byte>(s[i]);
    return out;
  }

 private:
  std::filesystem::path path(const std::string& name) const { return dir_ / name; }
  std::filesystem::path dir_;
};

}  // namespace gauntlet::checkpoint
