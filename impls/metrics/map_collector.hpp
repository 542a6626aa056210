#pragma once
// BasicMapCollector<Key>: the seed's collector (5.1), its locking as written.
//
//   type MetricsCollector struct { metrics map[string]*Metric; mu sync.RWMutex; ... }
//   type Metric struct { name string; value float64; labels map[string]string; timestamp time.Time; mu sync.RWMutex }
//   RecordMetric(name, value, labels): mc.mu.Lock(); look up or insert mc.metrics[name]; mc.mu.Unlock();
//                                      metric.mu.Lock(); value = value; timestamp = now; merge labels; Unlock()
//
// Every update takes the map's write lock, looks the metric up, then takes
// the metric's own mutex: there is no handle to cache, so a handle here keeps
// the name and labels and makes that whole call each time. record_metric is
// the seed's RecordMetric (a gauge's set); add_metric and observe_metric take
// the same two locks to count and to fill a histogram's buckets, which the
// seed does not have. What the seed leaves out and we add so that it can be
// scraped at all: a type and help per metric (its MetricsExporter is an
// interface without a format). The platform layer has no reader-writer lock,
// so the scrape's read lock is the same mutex (the seed's record never takes
// the read lock; the scrape is no hot path).
//
// Key decides which metric a call lands on: the seed's map key is the name
// alone (series_by_name.hpp), ours the name and the labels (locked_map.hpp).
#include <bit>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "impls/metrics/exposition.hpp"
#include "impls/platform/platform.hpp"

namespace gauntlet::metrics {

template <class Key>
class BasicMapCollector {
  struct Metric {
    std::string name;
    shared_var<double> value{0};  // checked under Relacy: the metric's mutex must order every access
    std::map<std::string, std::string> labels;
    steady_clock::time_point timestamp;
    mutex mu;
    // Ours, to scrape it: the type and help of its first record, a histogram's counts.
    Type type = Type::gauge;
    std::string help;
    Bounds bounds;
    std::vector<std::uint64_t> buckets;
  };

 public:
  class Counter {
   public:
    void inc() { c_->add_metric(name_, 1, labels_); }
    void add(std::uint64_t n) { c_->add_metric(name_, static_cast<double>(n), labels_); }

   private:
    friend BasicMapCollector;
    Counter(BasicMapCollector* c, std::string n, Labels l) : c_(c), name_(std::move(n)), labels_(std::move(l)) {}
    BasicMapCollector* c_;
    std::string name_;
    Labels labels_;
  };
  class Gauge {
   public:
    void set(double x) { c_->record_metric(name_, x, labels_); }
    void add(double x) { c_->add_metric(name_, x, labels_); }

   private:
    friend BasicMapCollector;
    Gauge(BasicMapCollector* c, std::string n, Labels l) : c_(c), name_(std::move(n)), labels_(std::move(l)) {}
    BasicMapCollector* c_;
    std::string name_;
    Labels labels_;
  };
  class Histogram {
   public:
    void observe(double x) { c_->observe_metric(name_, x, labels_); }

   private:
    friend BasicMapCollector;
    Histogram(BasicMapCollector* c, std::string n, Labels l) : c_(c), name_(std::move(n)), labels_(std::move(l)) {}
    BasicMapCollector* c_;
    std::string name_;
    Labels labels_;
  };

  BasicMapCollector() = default;
  BasicMapCollector(const BasicMapCollector&) = delete;
  BasicMapCollector& operator=(const BasicMapCollector&) = delete;

  Counter counter(const std::string& name, const std::string& help, const Labels& labels) {
    declare(name, help, labels, Type::counter, {});
    return Counter(this, name, canonical(labels, Type::counter));
  }
  Gauge gauge(const std::string& name, const std::string& help, const Labels& labels) {
    declare(name, help, labels, Type::gauge, {});
    return Gauge(this, name, canonical(labels, Type::gauge));
  }
  Histogram histogram(const std::string& name, const std::string& help, const Labels& labels, const Bounds& bounds) {
    check_bounds(bounds);
    declare(name, help, labels, Type::histogram, bounds);
    return Histogram(this, name, canonical(labels, Type::histogram));
  }

  // The seed's RecordMetric.
  void record_metric(const std::string& name, double value, const Labels& labels) {
    Metric& m = lookup(name, labels);
    lock_guard<mutex> g(m.mu);
    m.value.store(value);
    m.timestamp = steady_clock::now();
    merge(m, labels);
  }
  void add_metric(const std::string& name, double delta, const Labels& labels) {
    Metric& m = lookup(name, labels);
    lock_guard<mutex> g(m.mu);
    m.value.store(m.value.load() + delta);
    m.timestamp = steady_clock::now();
    merge(m, labels);
  }
  void observe_metric(const std::string& name, double x, const Labels& labels) {
    Metric& m = lookup(name, labels);
    lock_guard<mutex> g(m.mu);
    std::size_t i = 0;
    while (i < m.bounds.size() && !(x <= m.bounds[i])) ++i;
    if (m.buckets.size() <= i) m.buckets.resize(m.bounds.size() + 1, 0);
    ++m.buckets[i];
    m.value.store(m.value.load() + x);  // the sum
    m.timestamp = steady_clock::now();
    merge(m, labels);
  }

  std::string scrape() const {
    lock_guard<mutex> g(mu_);
    (void)catalogue_.load();
    std::string out;
    const std::string* last = nullptr;
    for (const auto& [key, mp] : metrics_) {
      Metric& m = *mp;
      lock_guard<mutex> mg(m.mu);
      if (!last || *last != m.name) append_header(out, m.name, m.help, m.type);
      last = &m.name;
      Labels labels(m.labels.begin(), m.labels.end());
      const std::string text = label_text(labels);
      if (m.type == Type::histogram) {
        std::vector<std::uint64_t> b = m.buckets;
        b.resize(m.bounds.size() + 1, 0);
        append_histogram(out, m.name, text, m.bounds, b.data(), m.value.load());
        continue;
      }
      append_series(out, m.name, "", text);
      append_double(out, m.value.load());
      out += '\n';
    }
    return out;
  }

 private:
  // Creates the metric (type, help and bounds of its first declaration); the
  // seed creates it on first record, with none of these.
  void declare(const std::string& name, const std::string& help, const Labels& labels, Type type,
               const Bounds& bounds) {
    check_name(name);
    canonical(labels, type);
    lock_guard<mutex> g(mu_);
    catalogue_.store(catalogue_.load() + 1);
    auto [t, fresh] = types_.try_emplace(name, type);
    if (!fresh && t->second != type)
      throw std::invalid_argument("metrics: '" + name + "' is a " + std::string(type_name(t->second)) + ", not a " +
                                  std::string(type_name(type)));
    auto& slot = metrics_[Key::of(name, labels)];
    if (!slot) {
      slot = std::make_unique<Metric>();
      slot->name = name;
      slot->type = type;
      slot->help = help;
      slot->bounds = bounds;
    }
  }

  // mc.mu.Lock(); metric, exists := mc.metrics[key]; create if not; mc.mu.Unlock()
  Metric& lookup(const std::string& name, const Labels& labels) {
    lock_guard<mutex> g(mu_);
    catalogue_.store(catalogue_.load() + 1);  // the map may grow here
    auto& slot = metrics_[Key::of(name, labels)];
    if (!slot) {
      slot = std::make_unique<Metric>();
      slot->name = name;
    }
    return *slot;
  }

  // for k, v := range labels { metric.labels[k] = v }
  static void merge(Metric& m, const Labels& labels) {
    for (const auto& [k, v] : labels) m.labels[k] = v;
  }

  mutable mutex mu_;
  std::map<std::string, std::unique_ptr<Metric>> metrics_;
  std::map<std::string, Type> types_;  // ours: a name keeps its first type
  // The two maps are plain data that mu_ guards and the model checker cannot
  // see: this checked variable stands for them (written where they may grow,
  // read by a scrape), so an access mu_ does not order races under Relacy.
  shared_var<std::uint32_t> catalogue_{0};
};

}  // namespace gauntlet::metrics
