#pragma once
// The normal build's atomic in a mutation build (GAUNTLET_MUTATE=1): a
// std::atomic whose every operation takes its caller's source location and
// asks mutation.hpp which order to use, so the stress, linearizability and
// ThreadSanitizer checks of the normal build see the same mutants Relacy
// does. Only std_backend.hpp includes it, and only in a mutation build.
#include <atomic>
#include <source_location>
#include <type_traits>

#include "impls/platform/mutation.hpp"

namespace gauntlet {

namespace mutation_detail {

template <std::memory_order O>
using order_c = std::integral_constant<std::memory_order, O>;

// GCC compiles an atomic whose order is not a compile-time constant as
// seq_cst (seen in g++ -O2 -S): a store weakened to release at run time would
// still be an xchg, and the stress checks could never see the mutant. So
// every operation switches to a call with a constant order: what the hardware
// and the optimiser then see is the weakened order itself.
template <class F>
decltype(auto) load_order(std::memory_order m, F f) {
  switch (m) {
    case std::memory_order_relaxed:
      return f(order_c<std::memory_order_relaxed>{});
    case std::memory_order_consume:  // GCC promotes consume to acquire anyway
    case std::memory_order_acquire:
      return f(order_c<std::memory_order_acquire>{});
    default:
      return f(order_c<std::memory_order_seq_cst>{});
  }
}

template <class F>
decltype(auto) store_order(std::memory_order m, F f) {
  switch (m) {
    case std::memory_order_relaxed:
      return f(order_c<std::memory_order_relaxed>{});
    case std::memory_order_release:
      return f(order_c<std::memory_order_release>{});
    default:
      return f(order_c<std::memory_order_seq_cst>{});
  }
}

template <class F>
decltype(auto) rmw_order(std::memory_order m, F f) {
  switch (m) {
    case std::memory_order_relaxed:
      return f(order_c<std::memory_order_relaxed>{});
    case std::memory_order_consume:
    case std::memory_order_acquire:
      return f(order_c<std::memory_order_acquire>{});
    case std::memory_order_release:
      return f(order_c<std::memory_order_release>{});
    case std::memory_order_acq_rel:
      return f(order_c<std::memory_order_acq_rel>{});
    default:
      return f(order_c<std::memory_order_seq_cst>{});
  }
}

// A CAS's (success, failure) pair as constants. The failure order is clamped
// to what the success order loads with (a weakened success order weakens the
// failure order with it): GCC refuses a failure order stronger than the
// success order and would quietly make both seq_cst.
template <class F>
decltype(auto) cas_order(std::memory_order s, std::memory_order f, F call) {
  using std::memory_order_acquire, std::memory_order_relaxed, std::memory_order_seq_cst;
  const bool f_acquires = f != memory_order_relaxed;
  switch (s) {
    case std::memory_order_relaxed:
      return call(order_c<memory_order_relaxed>{}, order_c<memory_order_relaxed>{});
    case std::memory_order_release:
      return call(order_c<std::memory_order_release>{}, order_c<memory_order_relaxed>{});
    case std::memory_order_consume:
    case std::memory_order_acquire:
      if (f_acquires) return call(order_c<memory_order_acquire>{}, order_c<memory_order_acquire>{});
      return call(order_c<memory_order_acquire>{}, order_c<memory_order_relaxed>{});
    case std::memory_order_acq_rel:
      if (f_acquires) return call(order_c<std::memory_order_acq_rel>{}, order_c<memory_order_acquire>{});
      return call(order_c<std::memory_order_acq_rel>{}, order_c<memory_order_relaxed>{});
    default:
      if (f == memory_order_seq_cst) return call(order_c<memory_order_seq_cst>{}, order_c<memory_order_seq_cst>{});
      if (f_acquires) return call(order_c<memory_order_seq_cst>{}, order_c<memory_order_acquire>{});
      return call(order_c<memory_order_seq_cst>{}, order_c<memory_order_relaxed>{});
  }
}

}  // namespace mutation_detail

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
  bool cas(bool weak, T& expected, T desired, std::memory_order s, std::memory_order f) {
    return mutation_detail::cas_order(s, f, [&](auto so, auto fo) {
      return weak ? a_.compare_exchange_weak(expected, desired, so(), fo())
                  : a_.compare_exchange_strong(expected, desired, so(), fo());
    });
  }
  // op receives the order as a constant: call o() at the operation itself.
  template <class Op3>
  T rmw(std::memory_order m, Op3 op) {
    return mutation_detail::rmw_order(m, op);
  }

 public:
  mutating_atomic() : a_(T()) {}
  mutating_atomic(T v) : a_(v) {}
  mutating_atomic(const mutating_atomic&) = delete;
  mutating_atomic& operator=(const mutating_atomic&) = delete;

  T load(std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) const {
    return mutation_detail::load_order(at(m, Op::load, l), [&](auto o) { return a_.load(o()); });
  }
  void store(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    mutation_detail::store_order(at(m, Op::store, l), [&](auto o) { a_.store(v, o()); });
  }
  T exchange(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = at(m, Op::rmw, l);
    if (mutation::split_at(l)) return split(m, [&](T) { return v; });
    return rmw(m, [&](auto o) { return a_.exchange(v, o()); });
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order m = std::memory_order_seq_cst,
                               loc_t l = loc_t::current()) {
    m = at(m, Op::cas, l);
    return cas(false, expected, desired, m, failure(m));
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order s, std::memory_order f,
                               loc_t l = loc_t::current()) {
    return cas(false, expected, desired, at(s, Op::cas, l), f);
  }
  bool compare_exchange_weak(T& expected, T desired, std::memory_order m = std::memory_order_seq_cst,
                             loc_t l = loc_t::current()) {
    m = at(m, Op::cas, l);
    return cas(true, expected, desired, m, failure(m));
  }
  bool compare_exchange_weak(T& expected, T desired, std::memory_order s, std::memory_order f,
                             loc_t l = loc_t::current()) {
    return cas(true, expected, desired, at(s, Op::cas, l), f);
  }
  T fetch_add(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = at(m, Op::rmw, l);
    if (mutation::split_at(l)) return split(m, [&](T old) { return static_cast<T>(old + v); });
    return rmw(m, [&](auto o) { return a_.fetch_add(v, o()); });
  }
  T fetch_sub(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = at(m, Op::rmw, l);
    if (mutation::split_at(l)) return split(m, [&](T old) { return static_cast<T>(old - v); });
    return rmw(m, [&](auto o) { return a_.fetch_sub(v, o()); });
  }
  T fetch_or(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = at(m, Op::rmw, l);
    if (mutation::split_at(l)) return split(m, [&](T old) { return static_cast<T>(old | v); });
    return rmw(m, [&](auto o) { return a_.fetch_or(v, o()); });
  }
  T fetch_and(T v, std::memory_order m = std::memory_order_seq_cst, loc_t l = loc_t::current()) {
    m = at(m, Op::rmw, l);
    if (mutation::split_at(l)) return split(m, [&](T old) { return static_cast<T>(old & v); });
    return rmw(m, [&](auto o) { return a_.fetch_and(v, o()); });
  }

  // A split mutant: the load and the store another thread can come between.
  template <class Next>
  T split(std::memory_order m, Next next) {
    T old = mutation_detail::load_order(mutation::load_part(m), [&](auto o) { return a_.load(o()); });
    mutation_detail::store_order(mutation::store_part(m), [&](auto o) { a_.store(next(old), o()); });
    return old;
  }

  // The futex calls need the word itself.
  std::atomic<T>& raw() { return a_; }

 private:
  std::atomic<T> a_;
};

}  // namespace gauntlet
