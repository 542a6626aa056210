#pragma once
// The normal build's atomic in a mutation build (GAUNTLET_MUTATE=1): a
// std::atomic whose every operation takes its caller's source location and
// asks mutation.hpp which order to use, so the stress, linearizability and
// ThreadSanitizer checks of the normal build see the same mutants Relacy
// does. Only std_backend.hpp includes it, and only in a mutation build.
#include <atomic>
#include <source_location>

#include "impls/platform/mutation.hpp"

namespace gauntlet {

template <class T>
class mutating_atomic {
  using loc_t = std::source_location;
  using Op = mutation::Op;
  static std::memory_order at(std::memory_order m, Op op, const loc_t& l) { return mutation::order_at(m, op, l); }
  // The failure order of a CAS may not be release/acq_rel.
  static std::memory_order failure(std::memory_order m) {
    if (m == std::memory_order_acq_rel) return std::memory_order_acquire;
    if (m == std::memory_order_release) return std::memory_order_relaxed;
    return m;
  }

 public:
  mutating_atomic() : a_(T()) {}
  mutating_atomic(T v) : a_(v) {}
  mutating_atomic(const mutating_atomic&) = delete;
  mutating_atomic& operator=(const mutating_atomic&) = delete;

  T load(std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) const {
    return a_.load(at(m, Op::load, l));
  }
  void store(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    a_.store(v, at(m, Op::store, l));
  }
  T exchange(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = at(m, Op::rmw, l);
    if (mutation::split_at(l)) return split(m, [&](T) { return v; });
    return a_.exchange(v, m);
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order m = std::memory_order_seq_cst,
                               loc_t l = loc_t::current()) {
    m = at(m, Op::cas, l);
    return a_.compare_exchange_strong(expected, desired, m, failure(m));
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order s, std::memory_order f,
                               loc_t l = loc_t::current()) {
    return a_.compare_exchange_strong(expected, desired, at(s, Op::cas, l), f);
  }
  bool compare_exchange_weak(T& expected, T desired, std::memory_order m = std::memory_order_seq_cst,
                             loc_t l = loc_t::current()) {
    m = at(m, Op::cas, l);
    return a_.compare_exchange_weak(expected, desired, m, failure(m));
  }
  bool compare_exchange_weak(T& expected, T desired, std::memory_order s, std::memory_order f,
                             loc_t l = loc_t::current()) {
    return a_.compare_exchange_weak(expected, desired, at(s, Op::cas, l), f);
  }
  T fetch_add(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = at(m, Op::rmw, l);
    if (mutation::split_at(l)) return split(m, [&](T old) { return static_cast<T>(old + v); });
    return a_.fetch_add(v, m);
  }
  T fetch_sub(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = at(m, Op::rmw, l);
    if (mutation::split_at(l)) return split(m, [&](T old) { return static_cast<T>(old - v); });
    return a_.fetch_sub(v, m);
  }
  T fetch_or(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = at(m, Op::rmw, l);
    if (mutation::split_at(l)) return split(m, [&](T old) { return static_cast<T>(old | v); });
    return a_.fetch_or(v, m);
  }
  T fetch_and(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = at(m, Op::rmw, l);
    if (mutation::split_at(l)) return split(m, [&](T old) { return static_cast<T>(old & v); });
    return a_.fetch_and(v, m);
  }

  // A split mutant: the load and the store another thread can come between.
  template <class Next>
  T split(std::memory_order m, Next next) {
    T old = a_.load(mutation::load_part(m));
    a_.store(next(old), mutation::store_part(m));
    return old;
  }

  // The futex calls need the word itself.
  std::atomic<T>& raw() { return a_; }

 private:
  std::atomic<T> a_;
};

}  // namespace gauntlet
