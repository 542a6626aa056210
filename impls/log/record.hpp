#pragma once
// What one log call carries, the counters every logger of the family exposes,
// and the configuration they are built from.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gauntlet::log {

enum class Level : std::uint8_t { trace, debug, info, warn, error };

inline constexpr std::string_view level_name(Level l) {
  constexpr std::string_view names[] = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"};
  return names[static_cast<unsigned>(l)];
}

// What a logger does with an entry that finds its buffer full (core.hpp).
enum class Overflow { block, drop_newest, drop_oldest, sample, deadline };

inline constexpr std::string_view overflow_name(Overflow o) {
  constexpr std::string_view names[] = {"block", "drop-newest", "drop-oldest", "sample", "deadline"};
  return names[static_cast<unsigned>(o)];
}

// The seed's TraceID and SpanID, as 64-bit ids.
struct Fields {
  std::uint64_t trace_id = 0;
  std::uint64_t span_id = 0;
};

// Exact once the logger is quiescent (after flush() with no producer running,
// or after shutdown()): then produced == delivered + dropped(). While
// producers run each counter is read on its own, not as one snapshot.
struct Counters {
  std::uint64_t produced = 0;          // log() calls
  std::uint64_t delivered = 0;         // entries written to the sink
  std::uint64_t dropped_full = 0;      // drop-newest: refused, the ring full
  std::uint64_t dropped_evicted = 0;   // drop-oldest: accepted, then evicted unwritten
  std::uint64_t dropped_sampled = 0;   // sample one in N: not the kept one
  std::uint64_t dropped_deadline = 0;  // block with a deadline: the deadline passed
  std::uint64_t dropped_closed = 0;    // log() after shutdown() began
  std::uint64_t dropped() const {
    return dropped_full + dropped_evicted + dropped_sampled + dropped_deadline + dropped_closed;
  }
};

struct Config {
  std::string path;             // the file the consumer appends to (created, truncated)
  std::size_t capacity = 4096;  // entries in flight (rounded up to a power of two)
  unsigned sample_n = 8;        // sample one in N: every N-th overflowing entry is kept
  std::chrono::nanoseconds deadline = std::chrono::milliseconds(1);  // block with a deadline
  bool start = true;  // false: the consumer waits for start() (tests fill the ring)
};

}  // namespace gauntlet::log
