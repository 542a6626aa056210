#pragma once
// The seed's LogCollector (5.2), as written: a known-bad variant (accounting).
// Collect() time-stamps the entry and sends it on a bounded channel without
// blocking; when the channel is full it calls handleBufferFull, which the seed
// never wrote, so the entry vanishes and nothing counts it. Caught by accounting and drop-records.
//
// The channel is a mutex + condvar bounded queue (queue::MutexQueue); the
// entry is the seed's struct, its message an owned string (an allocation per
// call); one consumer goroutine's part, a thread here, writes each record.
// The seed counts nothing: this adapter counts calls and written records only
// so the family's counters() can be asked, and reports no drops.
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>

#include "impls/log/file_sink.hpp"
#include "impls/log/format.hpp"
#include "impls/log/record.hpp"
#include "impls/platform/platform.hpp"
#include "impls/queue/mutex_queue.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::log {

class SeedLogger {
 public:
  static constexpr std::string_view name = "seed";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "the seed's (5.2) select { case logs <- entry: default: handleBufferFull(entry) } with an empty "
      "handleBufferFull: a full channel loses the entry, uncounted";
  static constexpr auto caught_by = checks("accounting", "drop-records");
  static constexpr Overflow overflow = Overflow::drop_newest;
  static constexpr bool drop_records = false;

  explicit SeedLogger(const Config& c) : channel_(c.capacity), sink_(c.path) {
    if (c.start) start();
  }
  SeedLogger(const SeedLogger&) = delete;
  SeedLogger& operator=(const SeedLogger&) = delete;
  ~SeedLogger() { shutdown(); }

  void start() {
    lock_guard<mutex> g(life_);
    if (!started_) consumer_ = std::thread([this] { run(); });
    started_ = true;
  }

  bool log(Level level, std::string_view message, const Fields& f = {}) {
    produced_.fetch_add(1, std::memory_order_relaxed);
    Entry e{static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count()),
            level, std::string(message), f};
    if (channel_.try_push(e) == queue::Status::ok) {
      sent_.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    handle_buffer_full(e);
    return false;
  }

  // Waits until every entry that went into the channel is written.
  void flush() {
    {
      lock_guard<mutex> g(life_);
      if (!started_ || stopped_) return;
    }
    while (written_.load(std::memory_order_acquire) < sent_.load(std::memory_order_acquire))
      std::this_thread::sleep_for(std::chrono::microseconds(100));
  }

  void shutdown() {
    lock_guard<mutex> g(life_);
    if (stopped_) return;
    stopped_ = true;
    channel_.close();
    if (!started_) consumer_ = std::thread([this] { run(); });
    started_ = true;
    consumer_.join();
    sink_.close();
  }

  Counters counters() const {
    Counters c;
    c.produced = produced_.load(std::memory_order_relaxed);
    c.delivered = written_.load(std::memory_order_relaxed);
    return c;  // no drop counted: the seed has no counter to read
  }

 private:
  struct Entry {
    std::uint64_t unix_ns = 0;
    Level level = Level::info;
    std::string message;
    Fields fields;
    // The model checker prints the values of shared variables in its traces.
    friend std::ostream& operator<<(std::ostream& o, const Entry& e) { return o << e.message; }
  };

  void handle_buffer_full(const Entry&) {}  // the seed's unwritten handler

  void run() {
    Entry e;
    std::string line;
    for (;;) {
      if (channel_.pop(e) != queue::Status::ok) return;  // closed and drained
      line.clear();
      append_record(line, e.unix_ns, e.level, e.fields, e.message);
      sink_.write(line);
      written_.fetch_add(1, std::memory_order_release);
    }
  }

  queue::MutexQueue<Entry> channel_;
  FileSink sink_;
  atomic<std::uint64_t> produced_{0}, sent_{0}, written_{0};
  mutex life_;
  bool started_ = false, stopped_ = false;
  std::thread consumer_;
};

}  // namespace gauntlet::log
