#pragma once
// Phase-fair ticket reader-writer lock (PF-T), Brandenburg & Anderson,
// "Spin-based reader-writer synchronization for multiprocessor real-time
// systems", Real-Time Systems 46(1), 2010.
//
// Readers and writers alternate in phases: a reader arriving while a writer
// holds or waits for the lock enters right after that one writer, and a writer
// waits for at most one reader phase. Writers queue on a ticket pair
// (win/wout); readers count themselves in on rin and out on rout, whose low
// bits carry the writer-present flag and the phase id of the writer.
#include <cstdint>

#include "impls/platform/platform.hpp"
#include "impls/registry/registry.hpp"
#include "impls/rwlock/backoff.hpp"

namespace gauntlet::rwlock {

// ReaderEntryOrder is acquire except in the known-bad variant
// (phase_fair_relaxed.hpp): the one line where the two differ.
template <std::memory_order ReaderEntryOrder>
class BasicPhaseFairRwLock {
  static constexpr std::uint32_t kReaderInc = 0x100;  // reader counts live above the flag bits
  static constexpr std::uint32_t kWriterBits = 0x3;
  static constexpr std::uint32_t kPresent = 0x2;  // a writer holds or waits for the lock
  static constexpr std::uint32_t kPhaseId = 0x1;  // which writer: tells consecutive writers apart

 public:
  static constexpr bool writer_preferring = true;

  void lock_shared() {
    // The acquire pairs with the release in unlock(): a reader that finds no
    // writer bits may have seen them just cleared, and must see that writer's data.
    std::uint32_t w = rin_.fetch_add(kReaderInc, ReaderEntryOrder) & kWriterBits;
    if (w == 0) return;
    // Wait for this writer (not a later one: its phase id differs) to leave.
    Backoff backoff;
    while ((rin_.load(std::memory_order_acquire) & kWriterBits) == w) backoff.pause();
  }

  void unlock_shared() { rout_.fetch_add(kReaderInc, std::memory_order_release); }

  void lock() {
    std::uint32_t ticket = win_.fetch_add(1, std::memory_order_relaxed);
    Backoff backoff;
    while (wout_.load(std::memory_order_acquire) != ticket) backoff.pause();
    // Close the door to new readers; rin's count at this moment is how many
    // readers must leave before we may enter.
    std::uint32_t readers_in = rin_.fetch_add(kPresent | take_phase(), std::memory_order_relaxed);
    while (rout_.load(std::memory_order_acquire) != readers_in) backoff.pause();
  }

  void unlock() {
    rin_.fetch_and(~kWriterBits, std::memory_order_release);
    // Only the owner writes wout, so a plain increment is enough.
    wout_.store(wout_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }

  bool try_lock_shared() {
    std::uint32_t r = rin_.load(std::memory_order_relaxed);
    while ((r & kWriterBits) == 0) {
      if (rin_.compare_exchange_weak(r, r + kReaderInc, std::memory_order_acquire, std::memory_order_relaxed))
        return true;
    }
    return false;
  }

  bool try_lock() {
    std::uint32_t ticket = win_.load(std::memory_order_relaxed);
    if (wout_.load(std::memory_order_acquire) != ticket) return false;  // another writer holds or waits
    // Relaxed: the acquire above already synchronised with the last writer's
    // unlock; win_ only hands out turns, and nobody releases through it.
    if (!win_.compare_exchange_strong(ticket, ticket + 1, std::memory_order_relaxed, std::memory_order_relaxed))
      return false;
    // We own the writer turn. Enter only if no reader is inside: rin == rout.
    std::uint32_t readers = rout_.load(std::memory_order_acquire);
    std::uint32_t phase = phase_.load();
    // Relaxed: the readers that left released through rout_, read with
    // acquire above; the last writer, through wout_. The CAS only closes the door.
    if (rin_.compare_exchange_strong(readers, readers | kPresent | phase, std::memory_order_relaxed,
                                     std::memory_order_relaxed)) {
      phase_.store(phase ^ kPhaseId);
      return true;
    }
    wout_.store(ticket + 1, std::memory_order_release);  // give the turn to the next writer
    return false;
  }

 private:
  // The phase id of the next writer to close the door on readers. The paper
  // uses the ticket's low bit; with try_lock a ticket can be abandoned without
  // ever touching rin, and then two writers in a row would share a phase id: a
  // reader still waiting on the first would take the second for it and wait
  // forever (Relacy found this). So the id flips only when a writer enters rin.
  // Read and written only by the writer holding the turn.
  std::uint32_t take_phase() {
    std::uint32_t phase = phase_.load();
    phase_.store(phase ^ kPhaseId);
    return phase;
  }

  // Readers hammer rin/rout, writers win/wout: keep the two groups apart.
  alignas(cache_line) atomic<std::uint32_t> rin_{0};
  atomic<std::uint32_t> rout_{0};
  alignas(cache_line) atomic<std::uint32_t> win_{0};
  atomic<std::uint32_t> wout_{0};
  shared_var<std::uint32_t> phase_{0};
};

struct PhaseFairRwLock : BasicPhaseFairRwLock<std::memory_order_acquire> {
  static constexpr std::string_view name = "phase-fair";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "phase-fair ticket lock (Brandenburg & Anderson PF-T): readers and writers alternate;"
      " waiters spin, then yield";
};

}  // namespace gauntlet::rwlock
