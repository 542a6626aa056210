#pragma once
// An out-of-tree metrics registry, as `scripts/gauntlet adopt metrics` takes
// it (impls/metrics/interface.hpp, MetricsRegistry): counter, gauge and
// histogram lookups into handles, and a scrape in the Prometheus text format.
// One catalogue of series behind a gauntlet::mutex; a counter is one
// gauntlet::atomic per series, a gauge and a histogram sit behind their
// series' own mutex. The input checks and the rendering are gauntlet's
// (impls/metrics/exposition.hpp), so this file is only the concurrency.
// gauntlet::atomic and gauntlet::mutex are what Relacy model-checks.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "impls/metrics/exposition.hpp"
#include "impls/platform/platform.hpp"

namespace example {

namespace m = gauntlet::metrics;

template <bool AtomicAdd>
class BasicLockedRegistry {
  struct Series {
    gauntlet::atomic<std::uint64_t> count{0};  // a counter's value
    gauntlet::mutex mu;                        // a gauge's value, a histogram's buckets and sum
    double value = 0;
    std::vector<std::uint64_t> buckets;  // one per bound, and one above them all
  };
  struct Metric {
    m::Type type;
    std::string help;
    m::Bounds bounds;
    std::map<std::string, std::unique_ptr<Series>> series;  // by label text: sorted, one per label set
  };

 public:
  class Counter {
   public:
    explicit Counter(Series* s) : s_(s) {}
    void inc() { add(1); }
    void add(std::uint64_t n) {
      if constexpr (AtomicAdd)
        s_->count.fetch_add(n, std::memory_order_relaxed);
      else  // the broken variant: two adders can read the same n and both write n + 1
        s_->count.store(s_->count.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }

   private:
    Series* s_;
  };
  class Gauge {
   public:
    explicit Gauge(Series* s) : s_(s) {}
    void set(double x) {
      std::lock_guard<gauntlet::mutex> g(s_->mu);
      s_->value = x;
    }
    void add(double x) {
      std::lock_guard<gauntlet::mutex> g(s_->mu);
      s_->value += x;
    }

   private:
    Series* s_;
  };
  class Histogram {
   public:
    Histogram(Series* s, const m::Bounds* bounds) : s_(s), bounds_(bounds) {}
    void observe(double x) {
      std::size_t i = 0;
      while (i < bounds_->size() && x > (*bounds_)[i]) ++i;  // le is inclusive
      std::lock_guard<gauntlet::mutex> g(s_->mu);
      ++s_->buckets[i];
      s_->value += x;
    }

   private:
    Series* s_;
    const m::Bounds* bounds_;
  };

  Counter counter(const std::string& name, const std::string& help, const m::Labels& labels) {
    return Counter(lookup(name, help, labels, m::Type::counter, {}).first);
  }
  Gauge gauge(const std::string& name, const std::string& help, const m::Labels& labels) {
    return Gauge(lookup(name, help, labels, m::Type::gauge, {}).first);
  }
  Histogram histogram(const std::string& name, const std::string& help, const m::Labels& labels,
                      const m::Bounds& bounds) {
    m::check_bounds(bounds);
    auto [s, metric] = lookup(name, help, labels, m::Type::histogram, bounds);
    return Histogram(s, &metric->bounds);
  }

  std::string scrape() const {
    std::lock_guard<gauntlet::mutex> g(mu_);
    std::string out;
    for (const auto& [name, metric] : metrics_) {
      m::append_header(out, name, metric.help, metric.type);
      for (const auto& [labels, s] : metric.series) {
        if (metric.type == m::Type::counter) {
          m::append_series(out, name, "", labels);
          m::append_uint(out, s->count.load(std::memory_order_relaxed));
          out += '\n';
          continue;
        }
        std::lock_guard<gauntlet::mutex> sg(s->mu);
        if (metric.type == m::Type::gauge) {
          m::append_series(out, name, "", labels);
          m::append_double(out, s->value);
          out += '\n';
        } else {
          m::append_histogram(out, name, labels, metric.bounds, s->buckets.data(), s->value);
        }
      }
    }
    return out;
  }

 private:
  // The series of (name, labels), made on first lookup; the name keeps its
  // first type, help and bounds. Series never move (unique_ptr), so a handle
  // stays valid for the registry's life.
  std::pair<Series*, const Metric*> lookup(const std::string& name, const std::string& help, const m::Labels& labels,
                                           m::Type type, const m::Bounds& bounds) {
    m::check_name(name);
    const std::string key = m::label_text(m::canonical(labels, type));
    std::lock_guard<gauntlet::mutex> g(mu_);
    auto [it, made] = metrics_.try_emplace(name, Metric{type, help, bounds, {}});
    Metric& metric = it->second;
    if (!made && metric.type != type)
      throw std::invalid_argument("metrics: '" + name + "' is already a " + std::string(m::type_name(metric.type)));
    auto& s = metric.series[key];
    if (!s) {
      s = std::make_unique<Series>();
      if (type == m::Type::histogram) s->buckets.assign(metric.bounds.size() + 1, 0);
    }
    return {s.get(), &metric};
  }

  mutable gauntlet::mutex mu_;  // the catalogue
  std::map<std::string, Metric> metrics_;
};

using LockedRegistry = BasicLockedRegistry<true>;

}  // namespace example
