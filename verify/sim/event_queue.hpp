#pragma once
// Virtual time and the event queue: the simulator's whole notion of "when".
//
// Time is an integer count of virtual microseconds. Events scheduled for the
// same instant run in the order they were scheduled (a sequence number breaks
// ties), so a run depends on the seed only.
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace gauntlet::sim {

using Time = std::uint64_t;  // virtual microseconds
inline constexpr Time us = 1;
inline constexpr Time ms = 1000;
inline constexpr Time sec = 1000 * 1000;

class EventQueue {
 public:
  using Action = std::function<void()>;

  Time now() const { return now_; }
  std::uint64_t executed() const { return executed_; }
  bool empty() const { return heap_.empty(); }

  void at(Time when, Action a) { heap_.push({when < now_ ? now_ : when, seq_++, std::move(a)}); }
  void after(Time delay, Action a) { at(now_ + delay, std::move(a)); }

  // Runs the earliest event; false when none is left.
  bool step() {
    if (heap_.empty()) return false;
    // priority_queue::top is const; the action is moved out through a cast,
    // which is safe because the element is popped before anything else reads it.
    auto& top = const_cast<Event&>(heap_.top());
    now_ = top.when;
    Action a = std::move(top.action);
    heap_.pop();
    ++executed_;
    a();
    return true;
  }

  // Runs events up to and including time `until` (or until `stop` returns true).
  template <class Stop>
  void run_until(Time until, Stop&& stop) {
    while (!heap_.empty() && heap_.top().when <= until && !stop()) step();
    if (now_ < until && !stop()) now_ = until;
  }
  void run_until(Time until) {
    run_until(until, [] { return false; });
  }

 private:
  struct Event {
    Time when;
    std::uint64_t seq;
    Action action;
    bool operator>(const Event& o) const { return when != o.when ? when > o.when : seq > o.seq; }
  };
  std::priority_queue<Event, std::vector<Event>, std::greater<>> heap_;
  Time now_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t executed_ = 0;
};

}  // namespace gauntlet::sim
