#pragma once
// BasicRegistry<Cells>: the registry every implementation of ours shares.
// Lookups go through one table under a mutex (name and canonical labels to a
// series); a handle keeps what its updates need, so an update never touches
// the table. Counter and histogram-bucket counts live in `Cells`, the one
// thing that differs between our implementations:
//
//   Cells::Ref                      what a handle keeps for one cell
//   Ref make(std::uint32_t id)      a new cell, ids 0, 1, 2, ... (under the table's mutex)
//   void add(const Ref&, std::uint64_t n)   any thread, at any time
//   void read_all(std::uint64_t* out, std::size_t n) const   cells 0 .. n - 1 (under the table's mutex)
//
// Gauges and histogram sums are one atomic double each (bits in a 64-bit
// word; add by compare-exchange). A scrape reads the cells and the doubles
// one at a time, so a histogram scraped while observed may show a sum and
// counts from slightly different moments; each counter is still exact once
// its writers have finished, and never goes backwards between scrapes.
// Handles stay valid as long as the registry.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "impls/metrics/exposition.hpp"
#include "impls/platform/platform.hpp"

namespace gauntlet::metrics {

inline void atomic_double_add(atomic<std::uint64_t>& bits, double x) {
  std::uint64_t seen = bits.load(std::memory_order_relaxed);
  while (!bits.compare_exchange_weak(seen, std::bit_cast<std::uint64_t>(std::bit_cast<double>(seen) + x),
                                     std::memory_order_relaxed)) {
  }
}

template <class Cells>
class BasicRegistry {
  using Ref = typename Cells::Ref;

  struct Family {
    std::string name, help;
    Type type;
    Bounds bounds;
    std::vector<std::size_t> series;
  };
  struct Series {
    std::size_t family = 0;
    std::string labels;          // label_text(canonical labels)
    std::uint32_t first = 0;     // first cell: the counter, or bucket 0 of a histogram
    std::vector<Ref> refs;       // one per cell
    atomic<std::uint64_t> bits;  // a gauge's value, a histogram's sum
    Series() { bits.store(0, std::memory_order_relaxed); }
  };

 public:
  class Counter {
   public:
    void inc() { cells_->add(ref_, 1); }
    void add(std::uint64_t n) { cells_->add(ref_, n); }

   private:
    friend BasicRegistry;
    Counter(Cells* c, Ref r) : cells_(c), ref_(r) {}
    Cells* cells_;
    Ref ref_;
  };
  class Gauge {
   public:
    void set(double x) { bits_->store(std::bit_cast<std::uint64_t>(x), std::memory_order_relaxed); }
    void add(double x) { atomic_double_add(*bits_, x); }

   private:
    friend BasicRegistry;
    explicit Gauge(atomic<std::uint64_t>* b) : bits_(b) {}
    atomic<std::uint64_t>* bits_;
  };
  class Histogram {
   public:
    void observe(double x) {
      // le is inclusive: the first bound >= x; NaN and values above every bound go to +Inf.
      const auto i = static_cast<std::size_t>(std::lower_bound(bounds_->begin(), bounds_->end(), x) - bounds_->begin());
      cells_->add(series_->refs[i], 1);
      atomic_double_add(series_->bits, x);
    }

   private:
    friend BasicRegistry;
    Histogram(Cells* c, Series* s, const Bounds* b) : cells_(c), series_(s), bounds_(b) {}
    Cells* cells_;
    Series* series_;
    const Bounds* bounds_;
  };

  BasicRegistry() = default;
  BasicRegistry(const BasicRegistry&) = delete;
  BasicRegistry& operator=(const BasicRegistry&) = delete;

  Counter counter(const std::string& name, const std::string& help, const Labels& labels) {
    lock_guard<mutex> g(mu_);
    Series& s = find(name, help, labels, Type::counter, {});
    return Counter(&cells_, s.refs[0]);
  }
  Gauge gauge(const std::string& name, const std::string& help, const Labels& labels) {
    lock_guard<mutex> g(mu_);
    return Gauge(&find(name, help, labels, Type::gauge, {}).bits);
  }
  Histogram histogram(const std::string& name, const std::string& help, const Labels& labels, const Bounds& bounds) {
    check_bounds(bounds);
    lock_guard<mutex> g(mu_);
    Series& s = find(name, help, labels, Type::histogram, bounds);
    return Histogram(&cells_, &s, &families_[s.family].bounds);
  }

  std::string scrape() const {
    lock_guard<mutex> g(mu_);
    (void)catalogue_.load();
    values_.resize(cells_used_);
    cells_.read_all(values_.data(), cells_used_);
    std::string out;
    out.reserve(64 * series_.size() + 128 * families_.size());
    for (const Family& f : families_) {
      append_header(out, f.name, f.help, f.type);
      for (std::size_t i : f.series) {
        const Series& s = series_[i];
        const double bits = std::bit_cast<double>(s.bits.load(std::memory_order_relaxed));
        if (f.type == Type::histogram) {
          append_histogram(out, f.name, s.labels, f.bounds, values_.data() + s.first, bits);
          continue;
        }
        append_series(out, f.name, "", s.labels);
        if (f.type == Type::counter)
          append_uint(out, values_[s.first]);
        else
          append_double(out, bits);
        out += '\n';
      }
    }
    return out;
  }

 protected:
  Cells& cells() { return cells_; }

 private:
  // The series of (name, labels), made on first sight; under mu_.
  Series& find(const std::string& name, const std::string& help, const Labels& labels, Type type,
               const Bounds& bounds) {
    check_name(name);
    const std::string text = label_text(canonical(labels, type));
    std::string key = name;
    key += '\0';
    key += text;
    const std::uint32_t version = catalogue_.load();
    if (auto it = index_.find(key); it != index_.end()) {
      Series& s = series_[it->second];
      check_family(families_[s.family], type, bounds);
      return s;
    }
    auto [fit, fresh] = by_name_.try_emplace(name, families_.size());
    if (fresh) families_.push_back(Family{name, help, type, bounds, {}});
    Family& f = families_[fit->second];
    check_family(f, type, bounds);
    Series& s = series_.emplace_back();
    s.family = fit->second;
    s.labels = text;
    s.first = cells_used_;
    const std::size_t n = type == Type::counter ? 1 : type == Type::histogram ? bounds.size() + 1 : 0;
    for (std::size_t k = 0; k < n; ++k) s.refs.push_back(cells_.make(cells_used_++));
    f.series.push_back(series_.size() - 1);
    index_.emplace(std::move(key), series_.size() - 1);
    catalogue_.store(version + 1);
    return s;
  }

  static void check_family(const Family& f, Type type, const Bounds& bounds) {
    if (f.type != type)
      throw std::invalid_argument("metrics: '" + f.name + "' is a " + std::string(type_name(f.type)) + ", not a " +
                                  std::string(type_name(type)));
    if (type == Type::histogram && f.bounds != bounds)
      throw std::invalid_argument("metrics: histogram '" + f.name + "' has other bounds");
  }

  mutable mutex mu_;
  Cells cells_;
  std::vector<Family> families_;
  std::unordered_map<std::string, std::size_t> by_name_;
  std::deque<Series> series_;
  std::unordered_map<std::string, std::size_t> index_;
  std::uint32_t cells_used_ = 0;
  mutable std::vector<std::uint64_t> values_;  // the scrape's buffer, reused (under mu_)
  // The catalogue above (maps, deque, vectors) is plain data that mu_ guards
  // and the model checker cannot see: this checked variable stands for it
  // (find reads it, an insert writes it, a scrape reads it), so a lookup or a
  // scrape that mu_ does not order is a data race under Relacy.
  shared_var<std::uint32_t> catalogue_{0};
};

}  // namespace gauntlet::metrics
