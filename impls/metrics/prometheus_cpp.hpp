#pragma once
// Peer: prometheus-cpp (Debian's prometheus-cpp-dev, core library), the
// family interface over prometheus::Registry. Its counters and gauges are one
// atomic double each (an increment is a compare-exchange loop); a handle is
// the library's own metric reference, and a scrape is its TextSerializer over
// Registry::Collect().
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "impls/metrics/exposition.hpp"

namespace gauntlet::metrics {

class PrometheusCppRegistry {
  static std::map<std::string, std::string> to_map(const Labels& labels) { return {labels.begin(), labels.end()}; }

 public:
  static constexpr std::string_view name = "prometheus-cpp";
  static constexpr Kind kind = Kind::peer;
  static constexpr std::string_view description =
      "prometheus-cpp 1.0 (Debian prometheus-cpp-dev): Registry, Family<T>::Add handles, TextSerializer";

  class Counter {
   public:
    void inc() { c_->Increment(); }
    void add(std::uint64_t n) { c_->Increment(static_cast<double>(n)); }
    prometheus::Counter* c_;
  };
  class Gauge {
   public:
    void set(double x) { g_->Set(x); }
    void add(double x) { g_->Increment(x); }
    prometheus::Gauge* g_;
  };
  class Histogram {
   public:
    void observe(double x) { h_->Observe(x); }
    prometheus::Histogram* h_;
  };

  Counter counter(const std::string& n, const std::string& help, const Labels& labels) {
    auto& f = prometheus::BuildCounter().Name(n).Help(help).Register(*reg_);
    return Counter{&f.Add(to_map(labels))};
  }
  Gauge gauge(const std::string& n, const std::string& help, const Labels& labels) {
    auto& f = prometheus::BuildGauge().Name(n).Help(help).Register(*reg_);
    return Gauge{&f.Add(to_map(labels))};
  }
  Histogram histogram(const std::string& n, const std::string& help, const Labels& labels, const Bounds& bounds) {
    auto& f = prometheus::BuildHistogram().Name(n).Help(help).Register(*reg_);
    return Histogram{&f.Add(to_map(labels), prometheus::Histogram::BucketBoundaries(bounds))};
  }
  std::string scrape() const { return prometheus::TextSerializer().Serialize(reg_->Collect()); }

 private:
  std::shared_ptr<prometheus::Registry> reg_ = std::make_shared<prometheus::Registry>();
};

}  // namespace gauntlet::metrics
