#pragma once
// Pinning benchmark threads to distinct CPUs, so a producer and its consumer
// (or the two ends of a ping-pong) never share a core and never migrate
// mid-run. Unpinned, the scheduler may stack both threads on one CPU: every
// hand-off then waits for a time slice instead of a cache-line transfer, and
// a latency measured that way says nothing about the hardware.
//
// When a benchmark has more threads than the process has CPUs, nobody is
// pinned (pinning would only fix the oversubscription in place); the
// benchmark records that with its `pinned` counter.
#include <sched.h>

#include <cstddef>
#include <string>
#include <vector>

namespace gauntlet::bench {

// The CPUs this process may run on, lowest first, as they were when the
// program started. Read once, before main: a thread inherits its creator's
// mask, so a worker spawned by a pinned thread would otherwise see one CPU,
// decline to pin, and share its creator's CPU (the paired benchmarks once
// measured every queue on one CPU that way, all at the same rate).
inline std::vector<int> read_allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> out;
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return out;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set)) out.push_back(cpu);
  return out;
}
inline const std::vector<int> startup_cpus = read_allowed_cpus();
inline const std::vector<int>& allowed_cpus() { return startup_cpus; }

// Pins the calling thread to the slot-th allowed CPU while in scope, when all
// `threads` of the benchmark fit on distinct CPUs; restores the previous mask
// on exit (Google Benchmark runs thread 0 on its main thread and reuses it).
class PinnedThread {
 public:
  PinnedThread(int slot, int threads) {
    const std::vector<int>& cpus = allowed_cpus();
    if (threads > static_cast<int>(cpus.size()) || slot >= threads) return;
    if (sched_getaffinity(0, sizeof(saved_), &saved_) != 0) return;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpus[static_cast<std::size_t>(slot)], &one);
    pinned_ = sched_setaffinity(0, sizeof(one), &one) == 0;
  }
  ~PinnedThread() {
    if (pinned_) sched_setaffinity(0, sizeof(saved_), &saved_);
  }
  PinnedThread(const PinnedThread&) = delete;
  PinnedThread& operator=(const PinnedThread&) = delete;

  bool pinned() const { return pinned_; }

 private:
  cpu_set_t saved_{};
  bool pinned_ = false;
};

// The run context's account of the policy above.
inline std::string pinning_context() {
  return "each thread pinned to its own CPU when a benchmark's threads fit in the " +
         std::to_string(allowed_cpus().size()) + " allowed CPUs (counter pinned=1), else unpinned (pinned=0)";
}

}  // namespace gauntlet::bench
