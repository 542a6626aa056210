#pragma once
// Real threads, each incrementing its own counter: the sum once all are
// joined must be exactly threads * rounds. Shared by the verifier and the
// Catch2 tests. The start gate and the joins are bounded: the gate gives up
// after a deadline and the writers then run anyway.
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "verify/common/bounded_wait.hpp"

namespace gauntlet::layout::test {

struct SumResult {
  std::uint64_t expected = 0;
  std::uint64_t got = 0;
  bool monotone = true;  // every concurrent sum() was at least the one before it
};

// `threads` writers of `rounds` increments each, plus one reader calling sum()
// while they run; C is constructed with `capacity` writers (>= threads).
template <class C>
SumResult stress_sum(unsigned threads, unsigned capacity, std::uint64_t rounds) {
  C c(capacity);
  verify::StartGate gate(threads);
  std::atomic<bool> done{false};
  SumResult r;
  r.expected = threads * rounds;
  std::vector<std::thread> writers;
  for (unsigned t = 0; t < threads; ++t)
    writers.emplace_back([&, t] {
      gate.arrive();  // all writers at once; a timeout costs only overlap
      for (std::uint64_t k = 0; k < rounds; ++k) c.increment(t);
    });
  std::thread reader([&] {
    std::uint64_t last = 0;
    while (!done.load()) {
      std::uint64_t now = c.sum();
      if (now < last || now > r.expected) r.monotone = false;
      last = now;
      std::this_thread::yield();
    }
  });
  for (auto& w : writers) w.join();
  done.store(true);
  reader.join();
  r.got = c.sum();
  return r;
}

}  // namespace gauntlet::layout::test
