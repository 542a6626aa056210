#pragma once
// The family's checks on real threads, shared by the verifier and the Catch2
// tests. Each returns what it found; `message` names the first violation.
// Bounded: every thread runs a finite loop and the start gates give up after
// a deadline.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "impls/metrics/interface.hpp"
#include "verify/common/bounded_wait.hpp"
#include "verify/common/found.hpp"
#include "verify/metrics/parse.hpp"

namespace gauntlet::metrics::test {

using verify::Found;      // verify/common/found.hpp
using verify::StartGate;  // verify/common/bounded_wait.hpp

inline std::string fmt(double v) {
  std::string s = std::to_string(v);
  s = s.substr(0, s.find_last_not_of('0') + 1);
  return s.back() == '.' ? s.substr(0, s.size() - 1) : s;
}

// The value of the one sample of `name` with exactly `labels` (sorted), or a
// violation naming what the scrape had instead.
inline bool expect_sample(Found& f, const std::string& text, const std::string& name, Labels labels, double want) {
  std::sort(labels.begin(), labels.end());
  auto all = parse(text);
  for (const auto& s : all)
    if (s.bad) return f.fail("unreadable line '" + s.line + "'"), false;
  int hits = 0;
  for (const auto& s : samples_of(all, name)) {
    if (s.labels != labels) continue;
    ++hits;
    if (s.value != want) return f.fail("'" + s.line + "': expected " + fmt(want)), false;
  }
  if (hits != 1) {
    std::string seen;
    for (const auto& s : samples_of(all, name)) seen += (seen.empty() ? "" : "; ") + s.line;
    f.fail(name + " " + label_text(labels) + ": " + std::to_string(hits) +
           " samples, expected one (scrape had: " + seen + ")");
    return false;
  }
  return true;
}

// Two label sets of one name, counted apart, and a third name beside: each
// series keeps its own value and exactly its own labels.
template <class R>
Found series_identity() {
  Found f;
  R r;
  auto ok = r.counter("requests_total", "Requests.", {{"code", "200"}, {"method", "get"}});
  auto err = r.counter("requests_total", "Requests.", {{"method", "get"}, {"code", "500"}});
  auto again = r.counter("requests_total", "Requests.", {{"method", "get"}, {"code", "200"}});  // the first series
  auto other = r.gauge("queue_depth", "Depth.", {{"queue", "a"}});
  ok.add(3);
  err.add(5);
  again.inc();
  other.set(7);
  const std::string text = r.scrape();
  f.iterations = 1;
  if (expect_sample(f, text, "requests_total", {{"code", "200"}, {"method", "get"}}, 4))
    if (expect_sample(f, text, "requests_total", {{"code", "500"}, {"method", "get"}}, 5))
      expect_sample(f, text, "queue_depth", {{"queue", "a"}}, 7);
  if (!f.violated && samples_of(parse(text), "requests_total").size() != 2)
    f.fail("more than two requests_total series");
  return f;
}

struct StressResult {
  Found exact;     // the totals after every thread has finished
  Found monotone;  // the concurrent scrapes of each counter
};

// Waves of threads (each wave joined, so exited, before the next starts)
// incrementing one shared series and one series of their own, through
// handles looked up by each thread; a scraper reads both totals throughout:
// they never go down, nor past the final total.
//
// Each thread makes at least `rounds` rounds and goes on until its wave has
// run `min_wave`. Why a time floor: a lost update needs two adders inside the
// same load-to-store window. When the machine is busy (CI runs other tests on
// both cores) a wave of fixed rounds can finish inside one or two scheduler
// slices, the threads barely overlap, and a broken add passed (CI at
// 1ebf809). The floor buys tens of preemptions per wave whatever the load;
// nothing is asserted on the time, and the expected totals are the rounds
// each thread counted.
template <class R>
StressResult stress_totals(unsigned waves, unsigned threads, std::uint64_t rounds,
                           std::chrono::milliseconds min_wave = std::chrono::milliseconds(100)) {
  StressResult res;
  R r;
  std::vector<std::uint64_t> made(std::size_t{waves} * threads, 0);  // each thread's rounds
  std::uint64_t total = 0;
  std::atomic<bool> done{false};
  double max_shared = 0;  // written by the scraper, read after its join
  std::thread scraper([&] {
    double last_shared = 0, last_mine = 0;
    std::uint64_t n = 0;
    while (!done.load()) {
      auto all = parse(r.scrape());
      double shared = 0, mine = 0;
      for (const auto& s : all) {
        if (s.name != "ops_total") continue;
        if (s.labels == Labels{{"who", "all"}})
          shared = s.value;
        else
          mine += s.value;
      }
      if (shared < last_shared || mine < last_mine)
        res.monotone.fail("scrape " + std::to_string(n) + " went backwards: shared " + fmt(last_shared) + " -> " +
                          fmt(shared) + ", own " + fmt(last_mine) + " -> " + fmt(mine));
      max_shared = std::max(max_shared, shared);  // against the total once it is known
      last_shared = shared;
      last_mine = mine;
      ++n;
      std::this_thread::yield();
    }
    res.monotone.iterations = n;
  });
  std::atomic<bool> gate_timed_out{false};
  for (unsigned w = 0; w < waves; ++w) {
    std::vector<std::thread> ts;
    StartGate gate(threads);
    std::atomic<bool> wave_long_enough{false};
    for (unsigned t = 0; t < threads; ++t)
      ts.emplace_back([&, w, t] {
        auto shared = r.counter("ops_total", "Ops.", {{"who", "all"}});
        auto mine = r.counter("ops_total", "Ops.", {{"who", "t" + std::to_string(w * threads + t)}});
        if (!gate.arrive()) gate_timed_out = true;
        std::uint64_t k = 0;
        for (; k < rounds || !wave_long_enough.load(std::memory_order_relaxed); ++k) {
          shared.inc();
          if (k % 2 == 0) mine.add(2);
        }
        made[w * threads + t] = k;  // read after the join
      });
    std::this_thread::sleep_for(min_wave);
    wave_long_enough.store(true, std::memory_order_relaxed);
    for (auto& t : ts) t.join();
  }
  for (auto k : made) total += k;
  done.store(true);
  scraper.join();
  if (max_shared > static_cast<double>(total)) res.monotone.fail("a scrape passed the total: " + fmt(max_shared));
  if (gate_timed_out) res.exact.fail("a wave's threads did not all start within the hang guard");
  const std::string text = r.scrape();
  res.exact.iterations = total;
  expect_sample(res.exact, text, "ops_total", {{"who", "all"}}, static_cast<double>(total));
  for (unsigned i = 0; i < waves * threads && !res.exact.violated; ++i)
    expect_sample(res.exact, text, "ops_total", {{"who", "t" + std::to_string(i)}},
                  static_cast<double>(2 * ((made[i] + 1) / 2)));
  return res;
}

// Threads observing known values into one histogram: after the joins every
// bucket (cumulative), the count and the sum are exact.
template <class R>
Found histogram_exact(unsigned threads, std::uint64_t rounds) {
  Found f;
  R r;
  const Bounds bounds{1, 2.5, 10};
  std::atomic<bool> gate_timed_out{false};
  {
    std::vector<std::thread> ts;
    StartGate gate(threads);
    for (unsigned t = 0; t < threads; ++t)
      ts.emplace_back([&] {
        auto h = r.histogram("latency_seconds", "Latency.", {{"op", "read"}}, bounds);
        if (!gate.arrive()) gate_timed_out = true;
        for (std::uint64_t k = 0; k < rounds; ++k) {
          h.observe(0.5);  // le 1
          h.observe(2.5);  // le 2.5 (inclusive)
          h.observe(100);  // +Inf only
        }
      });
    for (auto& t : ts) t.join();
  }
  if (gate_timed_out) return f.fail("the threads did not all start within the hang guard"), f;
  const double n = static_cast<double>(threads * rounds);
  const std::string text = r.scrape();
  f.iterations = threads * rounds * 3;
  const std::pair<const char*, double> want[] = {{"1", n}, {"2.5", 2 * n}, {"10", 2 * n}, {"+Inf", 3 * n}};
  for (auto [le, v] : want)
    if (!expect_sample(f, text, "latency_seconds_bucket", {{"le", le}, {"op", "read"}}, v)) return f;
  if (expect_sample(f, text, "latency_seconds_count", {{"op", "read"}}, 3 * n))
    expect_sample(f, text, "latency_seconds_sum", {{"op", "read"}}, 103 * n);
  return f;
}

// The fixture whose scrape the format checks read: label values with quotes,
// backslashes, newlines and non-ASCII text, every type; HELP with a
// backslash and a newline when `tricky_help`.
template <class R>
std::string fixture_scrape(bool tricky_help) {
  R r;
  const std::string help = tricky_help ? "Requests, C:\\path\nsecond line." : "Requests served.";
  r.counter("http_requests_total", help, {{"path", "/a\"quoted\""}, {"code", "200"}}).add(3);
  r.counter("http_requests_total", help, {{"path", "C:\\dir\\file"}, {"code", "404"}}).inc();
  r.counter("http_requests_total", help, {{"path", "line1\nline2"}, {"code", "500"}}).add(2);
  r.counter("http_requests_total", help, {{"path", "/café/日本語"}, {"code", "200"}}).add(7);
  auto g = r.gauge("temperature_celsius", "Temperature.", {});
  g.set(21.5);
  g.add(-0.25);
  auto h = r.histogram("request_seconds", "Request time.", {{"route", "/ü"}}, {0.005, 0.1, 1});
  for (double x : {0.001, 0.05, 0.1, 3.0}) h.observe(x);
  return r.scrape();
}

}  // namespace gauntlet::metrics::test
