// Benchmarks of the log family, side by side in one run (every logger writes
// to a file under $TMPDIR, or /tmp).
//
//   latency/IMPL/bytes:B/threads:N
//                     N producers (the thread sweep, pinned when they fit)
//                     each log bursts of 16 entries of B bytes with a 20 us
//                     pause between bursts (a load the consumer can keep up
//                     with), timing every call with steady_clock (the clock's
//                     own cost is in every sample, alike for all). Counters
//                     p50_ns, p99_ns, p99_9_ns, max_ns over all producers'
//                     calls, and calls; delivered_fraction (below 1 under a
//                     dropping policy: the consumer fell behind this load).
//   throughput/IMPL/bytes:B/threads:N
//                     N producers log as fast as they can, 20,000 entries
//                     each, then one flush: items_per_second is produced
//                     entries over that time (dropped ones included; the
//                     delivered_fraction counter says how many reached the file).
//   idle_cpu/IMPL     the logger's process CPU time (CLOCK_PROCESS_CPUTIME_ID)
//                     over 1 s in which nothing is logged, after 1,000 entries
//                     and a flush: idle_cpu_percent of one core. The measuring
//                     thread sleeps, so what is counted is the consumer's.
//
// Targets (the run's context `gauntlet_targets`, judged by
// scripts/report/plugins/log.py; figures in reports/MEASUREMENTS.md):
// ring-block's p99.9 producer latency at least 5x lower than spdlog async
// (block policy, the same producers and message size, the highest thread
// count), and ring-block's idle consumer at most 1% of a core.
#include <time.h>

#include <algorithm>
#include <barrier>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/common/affinity.hpp"
#include "bench/common/bench_main.hpp"
#include "impls/log/family.hpp"

namespace gauntlet::log {
namespace {

constexpr std::size_t kCapacity = 8192;
constexpr unsigned kBurst = 16;
constexpr int kBursts = 2000;
constexpr std::uint64_t kFlood = 20000;
constexpr std::size_t kLatencyBytes = 64;
constexpr double kLatencyRatio = 5.0;
constexpr double kIdleBoundPercent = 1.0;

std::string bench_file(const char* what) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir && *dir ? dir : "/tmp") + "/gauntlet-bench-log-" + what + ".log";
}

std::string payload(std::size_t bytes) {
  std::string m = "bench entry ";
  m.resize(std::max(bytes, m.size()), 'x');
  return m;
}

// One run's shared state: the logger, the merged samples, the end barrier.
template <class L>
struct Run {
  std::unique_ptr<L> logger;
  std::mutex mu;
  std::vector<std::uint64_t> samples;
  std::unique_ptr<std::barrier<>> done;
};
template <class L>
Run<L> run;

template <class L>
void setup(const benchmark::State& state) {
  run<L>.logger = std::make_unique<L>(Config{.path = bench_file(L::name.data()), .capacity = kCapacity});
  run<L>.samples.clear();
  run<L>.done = std::make_unique<std::barrier<>>(state.threads());
}
template <class L>
void teardown(const benchmark::State&) {
  run<L>.logger.reset();
  run<L>.done.reset();
  std::remove(bench_file(L::name.data()).c_str());
}

std::uint64_t quantile(const std::vector<std::uint64_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  const auto i = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1));
  return sorted[i];
}

template <class L>
void latency(benchmark::State& state, std::size_t bytes) {
  bench::PinnedThread pin(state.thread_index(), state.threads());
  L& logger = *run<L>.logger;
  const std::string msg = payload(bytes);
  std::vector<std::uint64_t> mine;
  mine.reserve(static_cast<std::size_t>(kBursts) * kBurst);
  std::uint64_t k = 0;
  for (auto _ : state) {
    for (unsigned b = 0; b < kBurst; ++b, ++k) {
      const auto t0 = std::chrono::steady_clock::now();
      logger.log(Level::info, msg, Fields{k, k});
      const auto t1 = std::chrono::steady_clock::now();
      mine.push_back(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()));
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(20);
    while (std::chrono::steady_clock::now() < until) spin_pause();
  }
  {
    std::lock_guard<std::mutex> g(run<L>.mu);
    run<L>.samples.insert(run<L>.samples.end(), mine.begin(), mine.end());
  }
  run<L>.done->arrive_and_wait();
  if (state.thread_index() == 0) {
    logger.flush();
    auto& s = run<L>.samples;
    std::sort(s.begin(), s.end());
    state.counters["p50_ns"] = static_cast<double>(quantile(s, 0.5));
    state.counters["p99_ns"] = static_cast<double>(quantile(s, 0.99));
    state.counters["p99_9_ns"] = static_cast<double>(quantile(s, 0.999));
    state.counters["max_ns"] = static_cast<double>(s.empty() ? 0 : s.back());
    state.counters["calls"] = static_cast<double>(s.size());
    const Counters c = logger.counters();
    state.counters["delivered_fraction"] = c.produced ? static_cast<double>(c.delivered) / c.produced : 0;
  }
  state.SetItemsProcessed(state.iterations() * kBurst);
}

template <class L>
void throughput(benchmark::State& state, std::size_t bytes) {
  bench::PinnedThread pin(state.thread_index(), state.threads());
  const std::string msg = payload(bytes);
  for (auto _ : state) {
    L& logger = *run<L>.logger;
    for (std::uint64_t k = 0; k < kFlood; ++k) logger.log(Level::info, msg, Fields{k, k});
    run<L>.done->arrive_and_wait();
    if (state.thread_index() == 0) logger.flush();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kFlood));
  if (state.thread_index() == 0) {
    const Counters c = run<L>.logger->counters();
    state.counters["delivered_fraction"] = c.produced ? static_cast<double>(c.delivered) / c.produced : 0;
  }
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <class L>
void idle_cpu(benchmark::State& state) {
  double percent = 0;
  for (auto _ : state) {
    L logger(Config{.path = bench_file("idle"), .capacity = kCapacity});
    for (int k = 0; k < 1000; ++k) logger.log(Level::info, "warm-up entry", {});
    logger.flush();
    const double c0 = cpu_seconds();
    const auto w0 = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const double c1 = cpu_seconds();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    percent = 100.0 * (c1 - c0) / wall;
  }
  std::remove(bench_file("idle").c_str());
  state.counters["idle_cpu_percent"] = percent;
}

std::string targets_json() {
  const std::string top = std::to_string(bench::thread_sweep().back());
  return "[{\"claim\": \"ring-block p99.9 producer latency at least 5x lower than spdlog async (block policy), same "
         "producers and message size\", \"workload\": \"latency\", \"ours\": \"ring-block\", \"peer\": "
         "\"spdlog-async-block\", \"metric\": \"p99_9_ns\", \"comparison\": \"lower by at least\", \"bound\": " +
         std::to_string(kLatencyRatio) + ", \"bytes\": " + std::to_string(kLatencyBytes) + ", \"threads\": " + top +
         "}, {\"claim\": \"ring-block idle consumer CPU at most 1% of a core\", \"workload\": \"idle_cpu\", "
         "\"ours\": \"ring-block\", \"metric\": \"idle_cpu_percent\", \"comparison\": \"at most\", \"bound\": " +
         std::to_string(kIdleBoundPercent) + ", \"unit\": \"%\"}]";
}

void register_all() {
  benchmark::AddCustomContext("gauntlet_targets", targets_json());
  benchmark::AddCustomContext("gauntlet_log_note",
                              "spdlog 1.10 async offers block and overrun_oldest only; its producer formats the "
                              "message (fmt), ours copies the arguments and the consumer formats");
  for_each_type(implementations{}, []<class L>() {
    benchmark::RegisterBenchmark(bench::bench_name("latency", L::name).with("bytes", kLatencyBytes).str().c_str(),
                                 [](benchmark::State& st) { latency<L>(st, kLatencyBytes); })
        ->Setup(setup<L>)
        ->Teardown(teardown<L>)
        ->Iterations(kBursts)
        ->UseRealTime()
        ->Apply(bench::apply_thread_sweep);
    for (std::size_t b : {std::size_t{16}, std::size_t{200}})
      benchmark::RegisterBenchmark(bench::bench_name("throughput", L::name).with("bytes", b).str().c_str(),
                                   [b](benchmark::State& st) { throughput<L>(st, b); })
          ->Setup(setup<L>)
          ->Teardown(teardown<L>)
          ->Iterations(1)
          ->UseRealTime()
          ->Apply(bench::apply_thread_sweep);
    benchmark::RegisterBenchmark(bench::bench_name("idle_cpu", L::name).str().c_str(), idle_cpu<L>)
        ->Iterations(1)
        ->UseRealTime();
  });
}

}  // namespace
}  // namespace gauntlet::log

GAUNTLET_BENCH_MAIN(gauntlet::log::describe_family(), gauntlet::log::register_all)
