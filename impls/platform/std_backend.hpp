#pragma once
// Normal builds: the platform names are the standard library's, at zero cost.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cerrno>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#if defined(GAUNTLET_MUTATE)
#include <source_location>

#include "impls/platform/mutating_atomic.hpp"
#include "impls/platform/mutation.hpp"
#endif

namespace gauntlet {

using mutex = std::mutex;
#if defined(GAUNTLET_MUTATE)
// Mutation build (mutation.hpp): every operation knows its caller's line, so
// one of them can be weakened, and a wake-up dropped.
template <class T>
using atomic = mutating_atomic<T>;
class condition_variable : public std::condition_variable {
 public:
  void notify_one(std::source_location l = std::source_location::current()) {
    if (mutation::performed_at(mutation::Op::wake, std::memory_order_seq_cst, l)) std::condition_variable::notify_one();
  }
  void notify_all(std::source_location l = std::source_location::current()) {
    if (mutation::performed_at(mutation::Op::wake, std::memory_order_seq_cst, l)) std::condition_variable::notify_all();
  }
};
// lock_guard and unique_lock: impls/platform/scoped_locks.hpp, at the end.
#else
template <class T>
using atomic = std::atomic<T>;
using condition_variable = std::condition_variable;
template <class M>
using lock_guard = std::lock_guard<M>;
template <class M>
using unique_lock = std::unique_lock<M>;
#endif
using steady_clock = std::chrono::steady_clock;

// A plain shared variable. In this build it is just a T; in the Relacy build
// every access is checked for data races.
template <class T>
class shared_var {
 public:
  shared_var() : value_() {}
  explicit shared_var(T v) : value_(v) {}
  T load() const { return value_; }
  void store(T v) { value_ = v; }

 private:
  T value_;
};

// A shared buffer of 64-bit words: data that a protocol publishes through its
// atomics (a ring's message bytes). load(i)/store(i, v) per word; bytes(i) is
// word i's storage, for zero-copy spans. Accesses made through bytes() are the
// caller's and the model checker cannot see them, so the owner brackets them:
// mark_written(first, n) where a writer's access to words [first, first + n)
// begins and where it ends, mark_read(first, n) likewise for a reader. The
// model-checking build turns each mark into a checked store or load of every
// word; in this build the marks cost nothing and this is a plain array.
class shared_words {
 public:
  explicit shared_words(std::size_t n) : words_(new std::uint64_t[n]) {}
  std::uint64_t load(std::size_t i) const { return words_[i]; }
  void store(std::size_t i, std::uint64_t v) { words_[i] = v; }
  std::byte* bytes(std::size_t i) { return reinterpret_cast<std::byte*>(&words_[i]); }
  void mark_written(std::size_t, std::size_t) {}
  void mark_read(std::size_t, std::size_t) {}

 private:
  std::unique_ptr<std::uint64_t[]> words_;
};

#if defined(__SANITIZE_THREAD__)
#define GAUNTLET_STD_BACKEND_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define GAUNTLET_STD_BACKEND_TSAN 1
#endif
#endif

#if defined(GAUNTLET_STD_BACKEND_TSAN)
// ThreadSanitizer build only. TSan does not model std::atomic_thread_fence
// (it draws no happens-before from it, and the compiler warns), so here a
// fence is an RMW, with the fence's order, on one word that all fences share.
// An acquiring fence then synchronizes with every releasing fence that ran
// before it: the edge a real fence pair gives, and more, since fences that
// never communicated through any other atomic get ordered too. That can hide
// a race from TSan but not invent one between fences. What it does not give
// is the edge between a fence and a plain release store or acquire load of
// another variable; the fences in this tree pair with each other (EventCount).
//
// A function object, not a function: an unqualified call inside namespace
// gauntlet must not also find std::atomic_thread_fence by argument-dependent
// lookup (std::memory_order lives in std), which would be ambiguous.
namespace detail {
inline std::atomic<unsigned> tsan_fence_word{0};
inline void fence(std::memory_order order) noexcept {
  if (order != std::memory_order_relaxed) tsan_fence_word.fetch_add(0, order);
}
}  // namespace detail
#else
namespace detail {
inline void fence(std::memory_order order) noexcept { std::atomic_thread_fence(order); }
}  // namespace detail
#endif

#if defined(GAUNTLET_MUTATE)
struct fence_fn {
  void operator()(std::memory_order order, std::source_location l = std::source_location::current()) const noexcept {
    if (mutation::performed_at(mutation::Op::fence, order, l)) detail::fence(order);
  }
};
inline constexpr fence_fn atomic_thread_fence{};
#elif defined(GAUNTLET_STD_BACKEND_TSAN)
struct fence_fn {
  void operator()(std::memory_order order) const noexcept { detail::fence(order); }
};
inline constexpr fence_fn atomic_thread_fence{};
#else
using std::atomic_thread_fence;
#endif

// How many times to spin before sleeping: as asked here; none in the
// model-checking build, which must reach the sleep path.
inline constexpr int spin_budget(int n) { return n; }

// A polite spin: tells the core (and the model checker) that we are waiting.
inline void spin_pause() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// A small integer stable for the calling thread, for per-thread slots.
inline unsigned thread_slot() {
  static std::atomic<unsigned> next{0};
  thread_local unsigned slot = next.fetch_add(1, std::memory_order_relaxed);
  return slot;
}

// Futex wait/wake on a 32-bit atomic. std::atomic<T>::wait has no timed form,
// and the semaphores need one, so we speak to the kernel directly (Linux).
namespace detail {
inline long futex(void* addr, int op, std::uint32_t val, const timespec* ts, std::uint32_t bitset) {
  return syscall(SYS_futex, addr, op, val, ts, nullptr, bitset);
}
}  // namespace detail

// Blocks while a == old (spurious wake-ups allowed: callers re-check).
inline void futex_wait(atomic<std::uint32_t>& a, std::uint32_t old) {
  detail::futex(&a, FUTEX_WAIT_PRIVATE, old, nullptr, 0);
}

// As futex_wait, but gives up at `deadline`. Returns false on timeout.
inline bool futex_wait_until(atomic<std::uint32_t>& a, std::uint32_t old, steady_clock::time_point deadline) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline.time_since_epoch()).count();
  if (ns < 0) ns = 0;
  timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  // FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC time, which is what
  // steady_clock reads on Linux.
  long r = detail::futex(&a, FUTEX_WAIT_BITSET_PRIVATE, old, &ts, FUTEX_BITSET_MATCH_ANY);
  return !(r == -1 && errno == ETIMEDOUT);
}

#if defined(GAUNTLET_MUTATE)
// mutating_atomic holds only its std::atomic, so its address is the word's.
inline void futex_wake_one(atomic<std::uint32_t>& a, std::source_location l = std::source_location::current()) {
  if (mutation::performed_at(mutation::Op::wake, std::memory_order_seq_cst, l))
    detail::futex(&a.raw(), FUTEX_WAKE_PRIVATE, 1, nullptr, 0);
}
inline void futex_wake_all(atomic<std::uint32_t>& a, std::source_location l = std::source_location::current()) {
  if (mutation::performed_at(mutation::Op::wake, std::memory_order_seq_cst, l))
    detail::futex(&a.raw(), FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, 0);
}
#else
inline void futex_wake_one(atomic<std::uint32_t>& a) { detail::futex(&a, FUTEX_WAKE_PRIVATE, 1, nullptr, 0); }
inline void futex_wake_all(atomic<std::uint32_t>& a) { detail::futex(&a, FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, 0); }
#endif

}  // namespace gauntlet

#if defined(GAUNTLET_MUTATE)
namespace gauntlet::detail {
inline bool lock_site(const std::source_location& l) {
  return mutation::performed_at(mutation::Op::lock, std::memory_order_seq_cst, l);
}
}  // namespace gauntlet::detail
#include "impls/platform/scoped_locks.hpp"
#endif
