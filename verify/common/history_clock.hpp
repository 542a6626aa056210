#pragma once
// Call and return times for linearizability histories, taken so that the
// history's real-time order is the true order: an operation's call time is
// read before its first shared access, its return time after its last shared
// access is globally visible. A violation caused by a sloppy clock would be a
// bug in the recorder, not in the queue.
#include <atomic>
#include <chrono>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace gauntlet::verify {

namespace detail {
// The clock read is not a memory access: neither a compiler nor a CPU fence
// orders it against loads, so on x86 an lfence keeps later instructions
// (the operation's loads) from starting before it completes.
inline void instruction_barrier() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_lfence();
#endif
}
inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace detail

// Before the operation: read the clock, then let nothing of the operation start earlier.
inline std::int64_t call_time() {
  std::int64_t t = detail::now_ns();
  std::atomic_thread_fence(std::memory_order_seq_cst);
  detail::instruction_barrier();
  return t;
}

// After the operation: drain its stores (the fence), then read the clock.
inline std::int64_t return_time() {
  std::atomic_thread_fence(std::memory_order_seq_cst);
  detail::instruction_barrier();
  return detail::now_ns();
}

}  // namespace gauntlet::verify
