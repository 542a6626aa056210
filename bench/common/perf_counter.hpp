#pragma once
// Hardware cache-miss counting with perf_event_open, where the machine allows
// it. Virtual machines often do not: then available() is false, the reason is
// kept, and callers leave the counter out (a missing figure, never a zero).
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

namespace gauntlet::bench {

class CacheMissCounter {
 public:
  // Counts last-level cache misses of the calling thread, user space only.
  CacheMissCounter() {
    perf_event_attr attr{};
    attr.type = PERF_TYPE_HARDWARE;
    attr.size = sizeof(attr);
    attr.config = PERF_COUNT_HW_CACHE_MISSES;
    attr.disabled = 1;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    fd_ = static_cast<int>(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
    if (fd_ < 0) reason_ = std::string("perf_event_open: ") + std::strerror(errno);
  }
  ~CacheMissCounter() {
    if (fd_ >= 0) close(fd_);
  }
  CacheMissCounter(const CacheMissCounter&) = delete;
  CacheMissCounter& operator=(const CacheMissCounter&) = delete;

  bool available() const { return fd_ >= 0; }
  const std::string& reason() const { return reason_; }

  void start() {
    if (fd_ < 0) return;
    ioctl(fd_, PERF_EVENT_IOC_RESET, 0);
    ioctl(fd_, PERF_EVENT_IOC_ENABLE, 0);
  }
  // Misses since start(); meaningful only when available().
  std::uint64_t stop() {
    if (fd_ < 0) return 0;
    ioctl(fd_, PERF_EVENT_IOC_DISABLE, 0);
    std::uint64_t n = 0;
    if (read(fd_, &n, sizeof(n)) != static_cast<ssize_t>(sizeof(n))) return 0;
    return n;
  }

 private:
  int fd_ = -1;
  std::string reason_;
};

}  // namespace gauntlet::bench
