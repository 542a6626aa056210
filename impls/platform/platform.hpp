#pragma once
// The one switch for the model checker.
//
// Implementation code reaches shared memory and blocking only through the names
// below, in namespace gauntlet:
//
//   atomic<T>            std::atomic<T> (normal build) / Relacy-instrumented atomic
//   shared_var<T>        a plain, non-atomic shared variable: load()/store();
//                        Relacy reports a data race on it
//   shared_words         a buffer of n 64-bit words: load(i)/store(i, v), bytes(i)
//                        for zero-copy spans, mark_written/mark_read(first, n) to
//                        declare accesses made through bytes(); a plain array, and
//                        under Relacy an rl::var per word (data races reported)
//   mutex, condition_variable (use with std::unique_lock<gauntlet::mutex>)
//   lock_guard<mutex>    std::lock_guard; in the mutation build its line is a
//                        site, and the `lock` mutant drops it
//   futex_wait(a, old), futex_wait_until(a, old, deadline), futex_wake_one(a), futex_wake_all(a)
//                        on atomic<std::uint32_t>
//   atomic_thread_fence(order), spin_pause(), thread_slot()
//   spin_budget(n)       n spins before a sleep; 0 in the model-checking build
//
// Memory orders are always written as std::memory_order_*.
// Normal builds get std:: at zero cost; building with GAUNTLET_RELACY=1 swaps in
// Relacy's types, with traces that point at the implementation's own lines.
// Implementation headers carry no #ifdef of their own.
#if defined(GAUNTLET_RELACY)
#include "impls/platform/relacy_backend.hpp"
#else
#include "impls/platform/std_backend.hpp"
#endif
#include "impls/platform/cache.hpp"
