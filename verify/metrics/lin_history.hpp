#pragma once
// A recorded history of increments and scrapes of one counter, for the
// checker's counter model: each thread alternates runs of inc() with a
// scrape, whose parsed value is the get's result. Call and return times come
// from verify/common/history_clock.hpp.
#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "verify/common/bounded_wait.hpp"
#include "verify/common/history_clock.hpp"
#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/models/counter.hpp"
#include "verify/metrics/parse.hpp"

namespace gauntlet::metrics::test {

using CounterOp = lincheck::models::Counter::Op;

inline double counter_in(const std::string& text) {
  for (const auto& s : parse(text))
    if (s.name == "lin_total") return s.value;
  return 0;  // not scraped yet: a registry shows a series once it is looked up
}

// `threads` clients, each `ops` operations, about one in four a scrape; seeded.
template <class R>
std::vector<CounterOp> record_history(unsigned threads, unsigned ops, std::uint64_t seed) {
  R r;
  std::vector<std::vector<CounterOp>> per(threads);
  std::vector<std::thread> ts;
  verify::StartGate gate(threads);
  for (unsigned t = 0; t < threads; ++t)
    ts.emplace_back([&, t] {
      std::mt19937_64 rng(seed + t);
      auto c = r.counter("lin_total", "Lin.", {});
      gate.arrive();  // a timeout costs only overlap: the history is checked all the same
      for (unsigned k = 0; k < ops; ++k) {
        CounterOp op;
        op.client = static_cast<int>(t);
        if (rng() % 4 == 0) {
          op.input = {lincheck::models::Counter::Kind::get, 0};
          op.call = verify::call_time();
          const std::string text = r.scrape();
          op.ret = verify::return_time();
          op.output.value = static_cast<std::int64_t>(counter_in(text));
        } else {
          op.input = {lincheck::models::Counter::Kind::add, 1};
          op.call = verify::call_time();
          c.inc();
          op.ret = verify::return_time();
        }
        per[t].push_back(op);
      }
    });
  for (auto& t : ts) t.join();
  std::vector<CounterOp> all;
  for (auto& p : per) all.insert(all.end(), p.begin(), p.end());
  return all;
}

}  // namespace gauntlet::metrics::test
