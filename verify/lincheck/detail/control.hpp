#pragma once
// What stops a search: a deadline, a shared memory budget, or another
// partition having already found the history not linearizable. Searches poll
// should_stop() every few hundred steps, so they stop on time however deep.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>

namespace gauntlet::lincheck::detail {

enum class StopReason : int { none = 0, timeout, memory, cancelled };

inline std::string describe(StopReason r) {
  switch (r) {
    case StopReason::timeout:
      return "timeout";
    case StopReason::memory:
      return "memory budget";
    case StopReason::cancelled:
      return "cancelled";
    case StopReason::none:
      break;
  }
  return "";
}

class Control {
 public:
  Control(std::chrono::milliseconds timeout, std::size_t budget)
      : has_deadline_(timeout.count() > 0), deadline_(std::chrono::steady_clock::now() + timeout), budget_(budget) {}

  void request_stop(StopReason r) {
    int expected = 0;
    reason_.compare_exchange_strong(expected, static_cast<int>(r));
    stop_.store(true, std::memory_order_release);
  }

  bool should_stop() {
    if (stop_.load(std::memory_order_acquire)) return true;
    if (has_deadline_ && std::chrono::steady_clock::now() >= deadline_) request_stop(StopReason::timeout);
    return stop_.load(std::memory_order_acquire);
  }

  StopReason reason() const { return static_cast<StopReason>(reason_.load()); }

  // A search's memory grew (or shrank, negative) by delta bytes.
  void add_memory(std::ptrdiff_t delta) {
    std::size_t now = memory_.fetch_add(static_cast<std::size_t>(delta)) + static_cast<std::size_t>(delta);
    std::size_t peak = peak_.load();
    while (now > peak && !peak_.compare_exchange_weak(peak, now)) {
    }
    if (now > budget_) request_stop(StopReason::memory);
  }
  std::size_t peak_memory() const { return peak_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> reason_{0};
  bool has_deadline_;
  std::chrono::steady_clock::time_point deadline_;
  std::size_t budget_;
  std::atomic<std::size_t> memory_{0};
  std::atomic<std::size_t> peak_{0};
};

}  // namespace gauntlet::lincheck::detail
