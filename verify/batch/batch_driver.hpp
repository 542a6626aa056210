#pragma once
// Drives a batching policy (impls/batch/batcher.hpp) with made-up arrival
// times, never the wall clock: before each arrival it ticks at every deadline
// the policy asks for, and after the last one it shuts down (flush).
#include <chrono>
#include <cstdint>
#include <vector>

#include "impls/batch/batcher.hpp"

namespace gauntlet::batch {

struct Delivery {
  std::vector<std::uint64_t> ids;  // message numbers, in delivery order
  bool by_timeout = false;         // flushed by the timer (not by size or shutdown)
  clock::duration oldest_age{};    // how long the batch's first message had waited
};

template <class Policy>
std::vector<Delivery> drive(std::size_t max_size, clock::duration timeout,
                            const std::vector<clock::duration>& arrivals) {
  const clock::time_point t0{};
  Policy p(max_size, timeout, t0);
  std::vector<clock::time_point> born;
  std::vector<Delivery> out;
  auto deliver = [&](auto batch, clock::time_point now, bool by_timeout) {
    if (!batch || batch->empty()) return;
    Delivery d{{batch->begin(), batch->end()}, by_timeout, now - born[batch->front()]};
    out.push_back(std::move(d));
  };
  for (auto at : arrivals) {
    const clock::time_point now = t0 + at;
    while (p.deadline() && *p.deadline() <= now) {
      const auto due = *p.deadline();
      auto batch = p.tick(due);
      // A policy whose timer is not tied to a pending batch may fire empty
      // and re-arm itself further out; stop once it no longer advances.
      if (!batch && p.deadline() && *p.deadline() <= due) break;
      deliver(std::move(batch), due, true);
    }
    born.push_back(now);
    deliver(p.add(born.size() - 1, now), now, false);
  }
  deliver(p.flush(), t0 + (arrivals.empty() ? clock::duration{} : arrivals.back()), false);
  return out;
}

}  // namespace gauntlet::batch
