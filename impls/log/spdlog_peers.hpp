#pragma once
// Peers: spdlog 1.10 (Debian's libspdlog-dev), the family interface over
// spdlog::async_logger and, as a baseline, the synchronous spdlog::logger.
//
// spdlog's async logger offers two overflow policies in 1.10: block, and
// overrun_oldest (the newest entry overwrites the oldest queued one, counted
// by thread_pool::overrun_counter()). It has no drop-newest, sampling or
// deadline policy (discard_new came in a later release), and it writes no
// drop record into the log. Its producer formats the message (fmt) into the
// queued log_msg_buffer; its worker applies the pattern and writes.
//
// The sink is a file_helper (stdio, written when its buffer fills or at a
// flush) that counts what it is handed: delivered. produced is counted here,
// per thread (no shared counter added to spdlog's hot path).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

// spdlog's headers as declarations of its compiled library (libspdlog), the
// way its CMake target spdlog::spdlog defines them for every target that links
// it; a target that only lists the family (gauntlet-list) then needs no link.
#define SPDLOG_COMPILED_LIB 1
#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/details/file_helper.h>
#include <spdlog/details/thread_pool.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>

#include "impls/log/record.hpp"
#include "impls/platform/platform.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::log {

namespace spdlog_detail {

class CountingFileSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit CountingFileSink(const std::string& path) { file_.open(path, true); }
  std::uint64_t written() const { return written_.load(std::memory_order_acquire); }
  std::uint64_t flushes() const { return flushes_.load(std::memory_order_acquire); }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t out;
    formatter_->format(msg, out);
    file_.write(out);
    written_.fetch_add(1, std::memory_order_release);
  }
  void flush_() override {
    file_.flush();
    flushes_.fetch_add(1, std::memory_order_release);
  }

 private:
  spdlog::details::file_helper file_;
  std::atomic<std::uint64_t> written_{0}, flushes_{0};
};

// One counter per thread slot, each on its own line.
class PerThreadCount {
 public:
  void add(std::int64_t d, std::memory_order o = std::memory_order_relaxed) {
    slots_[thread_slot() % kSlots].n.fetch_add(static_cast<std::uint64_t>(d), o);
  }
  std::uint64_t total(std::memory_order o = std::memory_order_relaxed) const {
    std::uint64_t t = 0;
    for (const auto& s : slots_) t += s.n.load(o);
    return t;
  }

 private:
  static constexpr unsigned kSlots = 64;
  struct alignas(cache_line) Slot {
    std::atomic<std::uint64_t> n{0};
  };
  Slot slots_[kSlots];
};

inline spdlog::level::level_enum level_of(Level l) {
  constexpr spdlog::level::level_enum m[] = {spdlog::level::trace, spdlog::level::debug, spdlog::level::info,
                                             spdlog::level::warn, spdlog::level::err};
  return m[static_cast<unsigned>(l)];
}

inline constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S.%f %l %v";

template <bool Async, spdlog::async_overflow_policy Policy>
class SpdlogLogger {
 public:
  explicit SpdlogLogger(const Config& c) : sink_(std::make_shared<CountingFileSink>(c.path)) {
    if constexpr (Async) {
      pool_ = std::make_shared<spdlog::details::thread_pool>(c.capacity, 1);
      logger_ = std::make_shared<spdlog::async_logger>("gauntlet", sink_, pool_, Policy);
    } else {
      logger_ = std::make_shared<spdlog::logger>("gauntlet", sink_);
    }
    logger_->set_pattern(kPattern);
    logger_->set_level(spdlog::level::trace);
  }
  SpdlogLogger(const SpdlogLogger&) = delete;
  SpdlogLogger& operator=(const SpdlogLogger&) = delete;
  ~SpdlogLogger() { shutdown(); }

  void start() {}  // spdlog's worker runs from construction

  // A call announces itself (in_flight_, per thread) before it reads
  // stopped_, and shutdown() sets stopped_ before it waits for in_flight_ to
  // drain (both seq_cst): a call either sees stopped_ or is waited for, so the
  // logger is never torn down under it.
  bool log(Level level, std::string_view message, const Fields& f = {}) {
    produced_.add(1);
    in_flight_.add(1, std::memory_order_seq_cst);
    if (stopped_.load(std::memory_order_seq_cst)) {
      in_flight_.add(-1, std::memory_order_release);
      closed_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    logger_->log(level_of(level), "trace={:016x} span={:016x} {}", f.trace_id, f.span_id, message);
    in_flight_.add(-1, std::memory_order_release);
    return true;
  }

  // spdlog's async flush only queues a flush message: wait (bounded: 2 s)
  // until the worker has run it, which it does after every message queued
  // before. Under overrun_oldest a queued flush message can itself be
  // overwritten (and is then counted by overrun_counter) and never runs.
  void flush() {
    in_flight_.add(1, std::memory_order_seq_cst);  // as log(): the logger stays up while we post
    if (stopped_.load(std::memory_order_seq_cst)) {
      in_flight_.add(-1, std::memory_order_release);
      return;
    }
    const std::uint64_t f0 = sink_->flushes();
    logger_->flush();
    in_flight_.add(-1, std::memory_order_release);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (sink_->flushes() == f0 && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::microseconds(100));
  }

  void shutdown() {
    std::lock_guard<std::mutex> g(life_);
    if (stopped_.exchange(true, std::memory_order_seq_cst)) return;
    while (in_flight_.total(std::memory_order_seq_cst) != 0) std::this_thread::yield();
    const std::uint64_t f0 = sink_->flushes();
    logger_->flush();
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (sink_->flushes() == f0 && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    if constexpr (Async) evicted_at_stop_ = pool_->overrun_counter();
    logger_.reset();
    pool_.reset();  // joins the worker after it has run every queued message
  }

  Counters counters() const {
    Counters c;
    std::lock_guard<std::mutex> g(life_);
    c.produced = produced_.total();
    c.delivered = sink_->written();
    if constexpr (Async) c.dropped_evicted = pool_ ? pool_->overrun_counter() : evicted_at_stop_;
    c.dropped_closed = closed_.load(std::memory_order_relaxed);
    return c;
  }

 private:
  std::shared_ptr<CountingFileSink> sink_;
  std::shared_ptr<spdlog::details::thread_pool> pool_;
  std::shared_ptr<spdlog::logger> logger_;
  PerThreadCount produced_, in_flight_;
  mutable std::mutex life_;  // shutdown() against counters() (which reads pool_)
  std::atomic<std::uint64_t> closed_{0};
  std::atomic<bool> stopped_{false};
  std::uint64_t evicted_at_stop_ = 0;
};

}  // namespace spdlog_detail

class SpdlogAsyncBlock : public spdlog_detail::SpdlogLogger<true, spdlog::async_overflow_policy::block> {
 public:
  using SpdlogLogger::SpdlogLogger;
  static constexpr std::string_view name = "spdlog-async-block";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description =
      "spdlog 1.10 async_logger (Debian libspdlog-dev), one worker, overflow policy block";
  static constexpr Overflow overflow = Overflow::block;
  static constexpr bool drop_records = false;
};

class SpdlogAsyncOverrun : public spdlog_detail::SpdlogLogger<true, spdlog::async_overflow_policy::overrun_oldest> {
 public:
  using SpdlogLogger::SpdlogLogger;
  static constexpr std::string_view name = "spdlog-async-overrun";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description =
      "spdlog 1.10 async_logger, overflow policy overrun_oldest (drops counted by overrun_counter)";
  static constexpr Overflow overflow = Overflow::drop_oldest;
  static constexpr bool drop_records = false;
};

class SpdlogSync : public spdlog_detail::SpdlogLogger<false, spdlog::async_overflow_policy::block> {
 public:
  using SpdlogLogger::SpdlogLogger;
  static constexpr std::string_view name = "spdlog-sync";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description =
      "spdlog 1.10 synchronous logger: the caller formats and writes under the sink's mutex (baseline)";
  static constexpr Overflow overflow = Overflow::block;
  static constexpr bool drop_records = false;
};

}  // namespace gauntlet::log
