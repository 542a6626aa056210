#pragma once
// An out-of-tree asynchronous logger, written as a user of gauntlet would, to
// show what `scripts/gauntlet adopt log` needs: the family's Logger interface
// (impls/log/interface.hpp; Config, Counters, Level and Fields are in
// impls/log/record.hpp). One mutex guards a bounded deque of entries; a
// consumer thread pops them and writes one line each; a full deque blocks the
// producer (the block policy), so nothing is dropped but after shutdown.
//
// Each line is `LEVEL trace=<hex> span=<hex> message`: any line that ends in a
// newline and keeps the message whole reads back (verify/log/parse.hpp).
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "impls/log/record.hpp"

namespace example {

namespace lg = gauntlet::log;

template <bool DrainOnShutdown>
class BasicQueueLogger {
 public:
  static constexpr lg::Overflow overflow = lg::Overflow::block;
  static constexpr bool drop_records = false;  // it drops nothing while open

  explicit BasicQueueLogger(const lg::Config& c) : capacity_(c.capacity ? c.capacity : 1), started_(c.start) {
    file_ = std::fopen(c.path.c_str(), "w");
    if (!file_) throw std::runtime_error("QueueLogger: cannot open " + c.path);
    consumer_ = std::thread([this] { run(); });
  }
  BasicQueueLogger(const BasicQueueLogger&) = delete;
  BasicQueueLogger& operator=(const BasicQueueLogger&) = delete;
  ~BasicQueueLogger() {
    shutdown();
    std::fclose(file_);
  }

  bool log(lg::Level level, std::string_view message, const lg::Fields& fields) {
    std::unique_lock lk(mu_);
    ++counters_.produced;
    not_full_.wait(lk, [&] { return closed_ || queue_.size() < capacity_; });
    if (closed_) {
      ++counters_.dropped_closed;
      return false;
    }
    queue_.push_back({level, fields, std::string(message)});
    not_empty_.notify_one();
    return true;
  }

  void start() {
    std::lock_guard lk(mu_);
    started_ = true;
    not_empty_.notify_one();
  }

  // Returns once every entry accepted before the call is in the file.
  void flush() {
    std::unique_lock lk(mu_);
    idle_.wait(lk, [&] {
      if (done_) return true;
      // The entry the consumer has popped is out of the deque but not yet written.
      return queue_.empty() && !writing_;
    });
    std::fflush(file_);
  }

  // Refuses later calls, writes everything accepted, joins the consumer. Idempotent, and safe
  // from several threads at once (the second waits for the first's join).
  void shutdown() {
    {
      std::lock_guard lk(mu_);
      closed_ = true;
      started_ = true;  // a consumer never started still drains what was accepted
    }
    not_full_.notify_all();
    not_empty_.notify_all();
    std::lock_guard join(join_mu_);
    if (consumer_.joinable()) consumer_.join();
    std::fflush(file_);
  }

  lg::Counters counters() const {
    std::lock_guard lk(mu_);
    return counters_;
  }

 private:
  struct Entry {
    lg::Level level;
    lg::Fields fields;
    std::string message;
  };

  void run() {
    std::unique_lock lk(mu_);
    for (;;) {
      not_empty_.wait(lk, [&] { return closed_ || (started_ && !queue_.empty()); });
      if (queue_.empty()) break;               // closed and drained
      if (closed_ && !DrainOnShutdown) break;  // the broken variant: what is queued is lost
      Entry e = std::move(queue_.front());
      queue_.pop_front();
      writing_ = true;
      not_full_.notify_one();
      lk.unlock();
      std::fprintf(file_, "%.*s trace=%llx span=%llx %.*s\n", static_cast<int>(lg::level_name(e.level).size()),
                   lg::level_name(e.level).data(), static_cast<unsigned long long>(e.fields.trace_id),
                   static_cast<unsigned long long>(e.fields.span_id), static_cast<int>(e.message.size()),
                   e.message.data());
      lk.lock();
      writing_ = false;
      ++counters_.delivered;
      idle_.notify_all();
    }
    done_ = true;
    idle_.notify_all();
  }

  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable not_full_, not_empty_, idle_;
  std::deque<Entry> queue_;
  lg::Counters counters_;
  bool started_, closed_ = false, writing_ = false, done_ = false;
  std::mutex join_mu_;
  std::FILE* file_;
  std::thread consumer_;  // last: starts once everything above is built
};

// Correct: shutdown writes everything accepted before the consumer exits.
using QueueLogger = BasicQueueLogger<true>;

}  // namespace example
