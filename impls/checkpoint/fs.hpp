#pragma once
// The file-system layer every checkpoint implementation goes through, so that
// the crash checker can see (and replay) each operation it makes. One
// directory per Fs: names are plain file names inside it.
//
// Every call returns 0 (create: a descriptor >= 0) or -errno, as the system
// call would. pwrite writes all of data or fails.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace gauntlet::checkpoint {

using bytes = std::vector<std::byte>;
using byte_view = std::span<const std::byte>;

class Fs {
 public:
  virtual ~Fs() = default;
  // Creates `name` (replacing any file of that name) and opens it for writing.
  virtual int create(const std::string& name) = 0;
  virtual int pwrite(int fd, byte_view data, std::uint64_t offset) = 0;
  virtual int fsync(int fd) = 0;
  virtual int fdatasync(int fd) = 0;
  virtual int close(int fd) = 0;
  virtual int rename(const std::string& from, const std::string& to) = 0;
  virtual int unlink(const std::string& name) = 0;
  // fsync of the directory itself: makes its entries (create, rename, unlink) durable.
  virtual int fsync_dir() = 0;
  virtual std::vector<std::string> list() = 0;
  virtual std::optional<bytes> read(const std::string& name) = 0;
};

}  // namespace gauntlet::checkpoint
