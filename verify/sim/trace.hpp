#pragma once
// The trace: a ring buffer of the last events of a run, printed when a check
// fails so the failure can be read without replaying it.
//
// Recording must cost almost nothing (a sweep records millions of events), so an
// entry is a static label and a few numbers; text is made only when printed.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "verify/sim/event_queue.hpp"

namespace gauntlet::sim {

struct TraceEntry {
  Time at = 0;
  const char* what = "";  // static string: "send", "crash", "deliver AppendEntries", ...
  int a = -1;             // usually the source node (-1: none)
  int b = -1;             // usually the destination node
  std::uint64_t x = 0;    // protocol-defined (term, index, ...)
  std::uint64_t y = 0;
  const char* x_name = nullptr;  // static names for x and y; null: not printed
  const char* y_name = nullptr;
};

class Trace {
 public:
  explicit Trace(std::size_t capacity = 512) : ring_(capacity) {}

  void add(Time at, const char* what, int a = -1, int b = -1, std::uint64_t x = 0, std::uint64_t y = 0,
           const char* x_name = nullptr, const char* y_name = nullptr) {
    ring_[next_ % ring_.size()] = {at, what, a, b, x, y, x_name, y_name};
    ++next_;
  }

  std::uint64_t recorded() const { return next_; }

  // The last `n` entries, oldest first.
  std::vector<TraceEntry> last(std::size_t n) const {
    std::vector<TraceEntry> out;
    std::uint64_t count = next_ < ring_.size() ? next_ : ring_.size();
    if (n < count) count = n;
    for (std::uint64_t i = next_ - count; i < next_; ++i) out.push_back(ring_[i % ring_.size()]);
    return out;
  }

  // "  1234.567ms  n1 -> n2  AppendEntries  term=3 index=17"
  static std::string format(const TraceEntry& e) {
    char buf[192];
    int n = std::snprintf(buf, sizeof buf, "%10.3fms  ", static_cast<double>(e.at) / 1000.0);
    auto put = [&](auto... args) {
      if (n < static_cast<int>(sizeof buf)) n += std::snprintf(buf + n, sizeof buf - n, args...);
    };
    if (e.a >= 0 && e.b >= 0)
      put("n%d -> n%-3d ", e.a, e.b);
    else if (e.a >= 0)
      put("n%-9d ", e.a);
    else
      put("%-12s", "");
    put("%-16s", e.what);
    if (e.x_name) put(" %s=%" PRIu64, e.x_name, e.x);
    if (e.y_name) put(" %s=%" PRIu64, e.y_name, e.y);
    return buf;
  }

  void print(std::FILE* out, std::size_t n) const {
    for (const auto& e : last(n)) std::fprintf(out, "  %s\n", format(e).c_str());
  }

 private:
  std::vector<TraceEntry> ring_;
  std::uint64_t next_ = 0;
};

}  // namespace gauntlet::sim
