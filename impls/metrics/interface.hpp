#pragma once
// The metrics family's interface: a registry of counters, gauges and
// fixed-bucket histograms, each looked up once by name and label set into a
// handle, and a scrape that renders every series in the Prometheus text
// format 0.0.4 (exposition.hpp).
//
//   R r;
//   auto c = r.counter(name, help, labels);          c.inc(); c.add(n)
//   auto g = r.gauge(name, help, labels);            g.set(x); g.add(x)
//   auto h = r.histogram(name, help, labels, bounds);  h.observe(x)
//   std::string text = r.scrape();
//
// A series is (name, label set): two lookups with the same name and labels
// (in any order) return handles to one series, different label sets are
// different series. A name keeps the type and help of its first lookup;
// another type under it throws std::invalid_argument, as do a name or label
// name that is not a Prometheus identifier, a reserved label (`le` on a
// histogram, names starting `__`) and bounds that are not increasing.
//
// Counters are exact: once every incrementing thread has finished (joined, or
// exited), the scraped value is the sum of what was added. While they run a
// scrape of a counter returns a value between the totals at its start and its
// end, and successive scrapes never go backwards.
#include <concepts>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "impls/registry/registry.hpp"

namespace gauntlet::metrics {

using Label = std::pair<std::string, std::string>;
using Labels = std::vector<Label>;
using Bounds = std::vector<double>;

template <class R>
concept MetricsRegistry = requires(R r, const R cr, const std::string& s, const Labels& l, const Bounds& b, double x,
                                   std::uint64_t n) {
  R();
  r.counter(s, s, l).inc();
  r.counter(s, s, l).add(n);
  r.gauge(s, s, l).set(x);
  r.gauge(s, s, l).add(x);
  r.histogram(s, s, l, b).observe(x);
  { cr.scrape() } -> std::same_as<std::string>;
};

}  // namespace gauntlet::metrics
