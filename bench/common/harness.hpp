#pragma once
// Pieces the queue benchmarks share: payloads of a given size, the
// non-blocking fast path of any family entry, a polite spin, and latency
// percentiles.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <type_traits>
#include <vector>

#include "impls/platform/platform.hpp"
#include "impls/queue/status.hpp"

namespace gauntlet::bench {

// An element of Bytes bytes; word 0 carries a sequence number.
template <std::size_t Bytes>
struct Payload {
  static_assert(Bytes % 8 == 0 && Bytes >= 8);
  std::array<std::uint64_t, Bytes / 8> w{};
};

// The non-blocking operations the benchmarks time: a lock-free entry's core
// directly, so the figures are the algorithm's (Blocking<>'s own try_push /
// try_pop add the close() guard and a notify to every operation; blocking.hpp
// says what they cost), a bare core's bool, the mutex queue's own try_push /
// try_pop.
template <class Q, class T>
bool push_now(Q& q, const T& v) {
  if constexpr (requires { q.core(); })
    return push_now(q.core(), v);
  else if constexpr (std::is_same_v<decltype(q.try_push(v)), bool>)
    return q.try_push(v);
  else
    return q.try_push(v) == queue::Status::ok;
}
template <class Q, class T>
bool pop_now(Q& q, T& v) {
  if constexpr (requires { q.core(); })
    return pop_now(q.core(), v);
  else if constexpr (std::is_same_v<decltype(q.try_pop(v)), bool>)
    return q.try_pop(v);
  else
    return q.try_pop(v) == queue::Status::ok;
}

// Spins briefly, then yields, so oversubscribed runs still make progress.
// One Backoff per wait: a budget carried over from earlier waits would yield
// on a wait's first miss.
class Backoff {
 public:
  void pause() {
    if (++spins_ < 256) {
      spin_pause();
    } else {
      std::this_thread::yield();
      spins_ = 0;
    }
  }

 private:
  unsigned spins_ = 0;
};

// Waits until the operation succeeds (each call a fresh Backoff).
template <class Q, class T>
void push_wait(Q& q, const T& v) {
  Backoff backoff;
  while (!push_now(q, v)) backoff.pause();
}
template <class Q, class T>
void pop_wait(Q& q, T& v) {
  Backoff backoff;
  while (!pop_now(q, v)) backoff.pause();
}

// The q-quantile of sorted samples: the sample at rank floor(q * (n - 1)); 0 if none.
template <class T>
double sorted_quantile(const std::vector<T>& sorted, double q) {
  if (sorted.empty()) return 0;
  return static_cast<double>(sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))]);
}
// The same of unsorted samples (sorts a copy).
template <class T>
double quantile(std::vector<T> samples, double q) {
  std::sort(samples.begin(), samples.end());
  return sorted_quantile(samples, q);
}

struct Percentiles {
  double p50, p99, p999;
};
inline Percentiles percentiles(std::vector<std::uint32_t>& ns) {
  std::sort(ns.begin(), ns.end());
  return {sorted_quantile(ns, 0.5), sorted_quantile(ns, 0.99), sorted_quantile(ns, 0.999)};
}

}  // namespace gauntlet::bench
