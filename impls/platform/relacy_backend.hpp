#pragma once
// Model-checking builds (GAUNTLET_RELACY=1): the platform names are thin
// wrappers over Relacy's instrumented types.
//
// Every operation takes a defaulted std::source_location and hands Relacy a
// debug_info built from it, so a Relacy trace names the implementation's own
// file and line, and implementation code needs none of Relacy's `$` macros.
// (relacy_std.hpp is not used: it re-declares std::atomic and does not compile
// with libstdc++ 12.)
// Relacy's headers #define many common names (new, delete, errno, assert,
// memory_order_*, pthread_*, E* codes) so that unmodified code runs under it.
// We route everything through the wrappers below instead, so the standard
// headers come first and those macros are undone right after: code included
// later (the standard library, nlohmann::json, Catch2) compiles untouched.
#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <source_location>
#include <string>
#include <thread>
#include <vector>

#pragma push_macro("EAGAIN")
#pragma push_macro("EBUSY")
#pragma push_macro("EINTR")
#pragma push_macro("EINVAL")
#pragma push_macro("ETIMEDOUT")
#pragma push_macro("EWOULDBLOCK")
#pragma push_macro("assert")
#pragma push_macro("errno")
#include <relacy/relacy.hpp>
#undef assert
#undef calloc
#undef delete
#undef errno
#undef free
#undef futex
#undef malloc
#undef memory_order_acq_rel
#undef memory_order_acquire
#undef memory_order_consume
#undef memory_order_relaxed
#undef memory_order_release
#undef memory_order_seq_cst
#undef new
#undef pthread_attr_t
#undef pthread_cond_broadcast
#undef pthread_cond_destroy
#undef pthread_cond_init
#undef pthread_cond_signal
#undef pthread_cond_t
#undef pthread_cond_timedwait
#undef pthread_cond_wait
#undef pthread_condattr_t
#undef pthread_create
#undef pthread_join
#undef pthread_mutex_destroy
#undef pthread_mutex_init
#undef pthread_mutex_lock
#undef pthread_mutex_t
#undef pthread_mutex_timedlock
#undef pthread_mutex_try_lock
#undef pthread_mutex_unlock
#undef pthread_mutexattr_destroy
#undef pthread_mutexattr_init
#undef pthread_mutexattr_settype
#undef pthread_mutexattr_t
#undef pthread_rwlock_destroy
#undef pthread_rwlock_init
#undef pthread_rwlock_rdlock
#undef pthread_rwlock_t
#undef pthread_rwlock_tryrdlock
#undef pthread_rwlock_trywrlock
#undef pthread_rwlock_unlock
#undef pthread_rwlock_wrlock
#undef pthread_t
#undef pthread_yield
#undef realloc
#undef sched_yield
#undef sem_destroy
#undef sem_getvalue
#undef sem_init
#undef sem_post
#undef sem_t
#undef sem_trywait
#undef sem_wait
#undef FUTEX_WAIT
#undef FUTEX_WAKE
#undef PTHREAD_MUTEX_DEFAULT
#undef PTHREAD_MUTEX_ERRORCHECK
#undef PTHREAD_MUTEX_NORMAL
#undef PTHREAD_MUTEX_RECURSIVE
#pragma pop_macro("EAGAIN")
#pragma pop_macro("EBUSY")
#pragma pop_macro("EINTR")
#pragma pop_macro("EINVAL")
#pragma pop_macro("ETIMEDOUT")
#pragma pop_macro("EWOULDBLOCK")
#pragma pop_macro("assert")
#pragma pop_macro("errno")

#include "impls/platform/mutation_sites.hpp"
#if defined(GAUNTLET_MUTATE)
#include "impls/platform/mutation.hpp"
#endif

namespace gauntlet {

using loc_t = std::source_location;
using steady_clock = std::chrono::steady_clock;

namespace detail {
inline rl::debug_info info(const loc_t& l) { return rl::debug_info(l.function_name(), l.file_name(), l.line()); }

inline rl::memory_order mo(std::memory_order m) {
  switch (m) {
    case std::memory_order_relaxed:
      return rl::mo_relaxed;
    case std::memory_order_consume:
      return rl::mo_consume;
    case std::memory_order_acquire:
      return rl::mo_acquire;
    case std::memory_order_release:
      return rl::mo_release;
    case std::memory_order_acq_rel:
      return rl::mo_acq_rel;
    default:
      return rl::mo_seq_cst;
  }
}

// The order a site uses: the declared one, or the mutant's (mutation.hpp).
inline std::memory_order site(std::memory_order m, mutation::Op op, const loc_t& l) {
#if defined(GAUNTLET_MUTATE)
  return mutation::order_at(m, op, l);
#else
  (void)op, (void)l;
  return m;
#endif
}
// Whether a fence or wake-up at this site happens (a mutant may drop it).
inline bool performed(mutation::Op op, std::memory_order m, const loc_t& l) {
#if defined(GAUNTLET_MUTATE)
  return mutation::performed_at(op, m, l);
#else
  (void)op, (void)m, (void)l;
  return true;
#endif
}

// Whether this read-modify-write is split into a load and a store (a mutant).
inline bool split(const loc_t& l) {
#if defined(GAUNTLET_MUTATE)
  return mutation::split_at(l);
#else
  (void)l;
  return false;
#endif
}

// The failure order of a CAS may not be release/acq_rel (same rule as std::).
inline std::memory_order failure_order(std::memory_order m) {
  if (m == std::memory_order_acq_rel) return std::memory_order_acquire;
  if (m == std::memory_order_release) return std::memory_order_relaxed;
  return m;
}
}  // namespace detail

template <class T>
class atomic {
 public:
  atomic() : a_(T()) {}
  atomic(T v) : a_(v) {}
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;

  T load(std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) const {
    return a_.load(detail::mo(detail::site(m, mutation::Op::load, l)), detail::info(l));
  }
  void store(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    a_.store(v, detail::mo(detail::site(m, mutation::Op::store, l)), detail::info(l));
  }
  T exchange(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = detail::site(m, mutation::Op::rmw, l);
    if (detail::split(l)) return split(m, l, [&](T) { return v; });
    return a_.exchange(v, detail::mo(m), detail::info(l));
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order m = std::memory_order_seq_cst,
                               loc_t l = loc_t::current()) {
    m = detail::site(m, mutation::Op::cas, l);
    auto i = detail::info(l);
    return a_.compare_exchange_strong(expected, desired, detail::mo(m), i, detail::mo(detail::failure_order(m)), i);
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order s, std::memory_order f,
                               loc_t l = loc_t::current()) {
    auto i = detail::info(l);
    s = detail::site(s, mutation::Op::cas, l);
    return a_.compare_exchange_strong(expected, desired, detail::mo(s), i, detail::mo(f), i);
  }
  bool compare_exchange_weak(T& expected, T desired, std::memory_order m = std::memory_order_seq_cst,
                             loc_t l = loc_t::current()) {
    m = detail::site(m, mutation::Op::cas, l);
    auto i = detail::info(l);
    return a_.compare_exchange_weak(expected, desired, detail::mo(m), i, detail::mo(detail::failure_order(m)), i);
  }
  bool compare_exchange_weak(T& expected, T desired, std::memory_order s, std::memory_order f,
                             loc_t l = loc_t::current()) {
    auto i = detail::info(l);
    s = detail::site(s, mutation::Op::cas, l);
    return a_.compare_exchange_weak(expected, desired, detail::mo(s), i, detail::mo(f), i);
  }
  T fetch_add(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = detail::site(m, mutation::Op::rmw, l);
    if (detail::split(l)) return split(m, l, [&](T old) { return static_cast<T>(old + v); });
    return a_.fetch_add(v, detail::mo(m), detail::info(l));
  }
  T fetch_sub(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = detail::site(m, mutation::Op::rmw, l);
    if (detail::split(l)) return split(m, l, [&](T old) { return static_cast<T>(old - v); });
    return a_.fetch_sub(v, detail::mo(m), detail::info(l));
  }
  T fetch_or(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = detail::site(m, mutation::Op::rmw, l);
    if (detail::split(l)) return split(m, l, [&](T old) { return static_cast<T>(old | v); });
    return a_.fetch_or(v, detail::mo(m), detail::info(l));
  }
  T fetch_and(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = detail::site(m, mutation::Op::rmw, l);
    if (detail::split(l)) return split(m, l, [&](T old) { return static_cast<T>(old & v); });
    return a_.fetch_and(v, detail::mo(m), detail::info(l));
  }

  rl::atomic<T>& relacy() { return a_; }

 private:
  // A split mutant (mutation.hpp): a load and a store, each a scheduling point.
  template <class Next>
  T split(std::memory_order m, const loc_t& l, Next next) {
    T old = a_.load(detail::mo(mutation::load_part(m)), detail::info(l));
    a_.store(next(old), detail::mo(mutation::store_part(m)), detail::info(l));
    return old;
  }

  rl::atomic<T> a_;
};

// A plain shared variable; Relacy reports any unsynchronised concurrent access.
template <class T>
class shared_var {
 public:
  shared_var() : v_(T()) {}
  explicit shared_var(T v) : v_(v) {}
  T load(loc_t l = loc_t::current()) const { return v_(detail::info(l)).load(); }
  void store(T v, loc_t l = loc_t::current()) { v_(detail::info(l)).store(v); }

 private:
  rl::var<T> v_;
};

// A shared buffer of 64-bit words (platform.hpp). The bytes live in a plain
// array, so that bytes(i) hands out real pointers for zero-copy spans; beside
// each word is an rl::var, and every load(), store() and mark is a checked
// access of it: a mark stands for the caller's accesses through bytes(), so
// a reader whose mark is not ordered after a writer's (or a writer's after a
// reader's) is a data race. Allocated here and freed in the destructor: the
// owner is built inside the simulation, where Relacy provides operator new.
class shared_words {
 public:
  explicit shared_words(std::size_t n, loc_t l = loc_t::current())
      : raw_(new std::uint64_t[n]()), vars_(new rl::var<std::uint64_t>[n]), n_(n) {
    for (std::size_t i = 0; i < n_; ++i) vars_[i](detail::info(l)).store(0);
  }
  std::uint64_t load(std::size_t i, loc_t l = loc_t::current()) const {
    (void)vars_[i](detail::info(l)).load();
    return raw_[i];
  }
  void store(std::size_t i, std::uint64_t v, loc_t l = loc_t::current()) {
    raw_[i] = v;
    vars_[i](detail::info(l)).store(v);
  }
  std::byte* bytes(std::size_t i) { return reinterpret_cast<std::byte*>(&raw_[i]); }
  // A checked store (of the bytes as they are) to each of words [first, first + n).
  void mark_written(std::size_t first, std::size_t n, loc_t l = loc_t::current()) {
    for (std::size_t i = first; i < first + n; ++i) vars_[i](detail::info(l)).store(raw_[i]);
  }
  // A checked load of each of words [first, first + n).
  void mark_read(std::size_t first, std::size_t n, loc_t l = loc_t::current()) const {
    for (std::size_t i = first; i < first + n; ++i) (void)vars_[i](detail::info(l)).load();
  }

 private:
  std::unique_ptr<std::uint64_t[]> raw_;
  std::unique_ptr<rl::var<std::uint64_t>[]> vars_;
  std::size_t n_;
};

class mutex {
 public:
  void lock(loc_t l = loc_t::current()) { m_.lock(detail::info(l)); }
  bool try_lock(loc_t l = loc_t::current()) { return m_.try_lock(detail::info(l)); }
  void unlock(loc_t l = loc_t::current()) { m_.unlock(detail::info(l)); }
  // The form Relacy's condition variable calls while it waits.
  void lock(rl::debug_info_param i) { m_.lock(i); }
  void unlock(rl::debug_info_param i) { m_.unlock(i); }

 private:
  rl::mutex m_;
};

class condition_variable {
 public:
  void wait(std::unique_lock<mutex>& lk, loc_t l = loc_t::current()) { cv_.wait(*lk.mutex(), detail::info(l)); }
  template <class Pred>
  void wait(std::unique_lock<mutex>& lk, Pred pred, loc_t l = loc_t::current()) {
    while (!pred()) wait(lk, l);
  }
  // Relacy models the timeout as a nondeterministic choice: the deadline itself
  // is not looked at, every interleaving of "timed out" and "woken" is explored.
  template <class Clock, class Dur>
  std::cv_status wait_until(std::unique_lock<mutex>& lk, const std::chrono::time_point<Clock, Dur>&,
                            loc_t l = loc_t::current()) {
    bool woken = cv_.wait_for(*lk.mutex(), 0, detail::info(l));
    return woken ? std::cv_status::no_timeout : std::cv_status::timeout;
  }
  template <class Clock, class Dur, class Pred>
  bool wait_until(std::unique_lock<mutex>& lk, const std::chrono::time_point<Clock, Dur>& t, Pred pred,
                  loc_t l = loc_t::current()) {
    while (!pred()) {
      if (wait_until(lk, t, l) == std::cv_status::timeout) return pred();
    }
    return true;
  }
  void notify_one(loc_t l = loc_t::current()) {
    if (detail::performed(mutation::Op::wake, std::memory_order_seq_cst, l)) cv_.notify_one(detail::info(l));
  }
  void notify_all(loc_t l = loc_t::current()) {
    if (detail::performed(mutation::Op::wake, std::memory_order_seq_cst, l)) cv_.notify_all(detail::info(l));
  }

 private:
  rl::condition_variable cv_;
};

// A function object, not a function: an unqualified call inside namespace
// gauntlet must not also find std::atomic_thread_fence by argument-dependent
// lookup (std::memory_order lives in std), which would be ambiguous.
struct fence_fn {
  void operator()(std::memory_order m, loc_t l = loc_t::current()) const {
    if (!detail::performed(mutation::Op::fence, m, l)) return;
    rl::atomic_thread_fence(detail::mo(m), detail::info(l));
  }
};
inline constexpr fence_fn atomic_thread_fence{};

// How many times to spin before sleeping: none under the model checker, so
// that every schedule reaches the sleep and whatever guards it is checked
// (a spin that succeeds hides the sleep path within a scenario's budget).
inline constexpr int spin_budget(int) { return 0; }

// Spinning under the model checker must yield, or every spin loop is a livelock.
inline void spin_pause(loc_t l = loc_t::current()) { rl::yield(1, detail::info(l)); }

inline unsigned thread_slot() { return static_cast<unsigned>(rl::ctx().current_thread()); }

// Futex, modelled as Relacy models Linux's (stdlib/pthread.hpp), on any atomic.
namespace detail {
// The kernel's check-and-sleep, as Relacy models it: the value is compared
// without preemption, then the thread parks. Returns false on a timed-out park.
inline bool futex_park(atomic<std::uint32_t>& a, std::uint32_t old, bool timed, const loc_t& l) {
  rl::context& c = rl::ctx();
  auto i = info(l);
  c.sched();
  c.atomic_thread_fence_seq_cst();
  std::uint32_t now;
  {
    rl::preemption_disabler pd(c);
    now = a.relacy().load(rl::mo_acquire, i);
  }
  if (now != old) return true;
  return a.relacy().wait(c, timed, true, i) != rl::unpark_reason_timeout;
}
}  // namespace detail

inline void futex_wait(atomic<std::uint32_t>& a, std::uint32_t old, loc_t l = loc_t::current()) {
  detail::futex_park(a, old, false, l);
}

// Relacy explores both outcomes of the deadline; its value is not looked at.
inline bool futex_wait_until(atomic<std::uint32_t>& a, std::uint32_t old, steady_clock::time_point,
                             loc_t l = loc_t::current()) {
  return detail::futex_park(a, old, true, l);
}

inline void futex_wake_one(atomic<std::uint32_t>& a, loc_t l = loc_t::current()) {
  if (!detail::performed(mutation::Op::wake, std::memory_order_seq_cst, l)) return;
  rl::context& c = rl::ctx();
  c.sched();
  c.atomic_thread_fence_seq_cst();
  a.relacy().wake(c, 1, detail::info(l));
}

inline void futex_wake_all(atomic<std::uint32_t>& a, loc_t l = loc_t::current()) {
  if (!detail::performed(mutation::Op::wake, std::memory_order_seq_cst, l)) return;
  rl::context& c = rl::ctx();
  c.sched();
  c.atomic_thread_fence_seq_cst();
  a.relacy().wake(c, 1000, detail::info(l));
}

namespace detail {
// Whether the scoped lock at this line is taken (the `lock` mutant drops it).
inline bool lock_site(const loc_t& l) { return performed(mutation::Op::lock, std::memory_order_seq_cst, l); }
}  // namespace detail

}  // namespace gauntlet

// lock_guard and unique_lock, with their lines as sites.
#include "impls/platform/scoped_locks.hpp"
