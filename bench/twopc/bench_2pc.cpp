// Two-phase commit benchmarks: the threaded runtime (threaded_cluster.hpp)
// driving the cores of each correct variant.
//
//   transfer/<variant>/participants:N/hot:H/log:L   (Google Benchmark adds /threads:T)
//
// One iteration is one transaction touching N participants (one account at
// each: the first pays N-1, the others receive 1), from a client thread.
// H > 0 draws every account from the first H of each participant's 1024
// (contention: lock conflicts make transactions abort); H = 0 draws from all.
// L = modelled: the simulator's disk model, a sync costs nothing;
// L = fsync: every forced write is a write(2) + fdatasync(2) to a file under
// $GAUNTLET_FSYNC_DIR (default /tmp).
//
// items_per_second counts committed transactions. Counters: commit_p50_us and
// commit_p99_us (latency of committed ones, per thread then averaged over
// threads), abort_ratio, syncs_per_txn. GAUNTLET_SEED seeds the account choice.
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench/common/bench_main.hpp"
#include "bench/twopc/threaded_cluster.hpp"
#include "impls/twopc/family.hpp"

using namespace gauntlet;
using namespace gauntlet::twopc;
using gauntlet::twopc::runtime::LogMode;
using gauntlet::twopc::runtime::ThreadedCluster;

namespace {

constexpr int accounts_per_participant = 1024;
constexpr Balance initial_balance = Balance{1} << 40;  // no transfer ever overdraws

struct Shape {
  int participants;
  int hot;  // 0: uniform
  LogMode log;
};

std::uint64_t base_seed() {
  if (const char* env = std::getenv("GAUNTLET_SEED")) return std::strtoull(env, nullptr, 10);
  return 1;
}

std::string log_dir() {
  const char* env = std::getenv("GAUNTLET_FSYNC_DIR");
  std::string dir = std::string(env ? env : "/tmp") + "/gauntlet-2pc-XXXXXX";
  if (!::mkdtemp(dir.data())) throw std::runtime_error("cannot create a directory under " + dir);
  return dir;
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  auto k = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// Shared by the threads of one run; thread 0 builds it before the timed loop
// (whose start is a barrier for all threads) and drops it after (another barrier).
std::shared_ptr<ThreadedCluster> cluster;
std::string cluster_dir;

void transfer(benchmark::State& state, const Variant* variant, Shape shape) {
  if (state.thread_index() == 0) {
    cluster_dir = shape.log == LogMode::fsync ? log_dir() : "";
    cluster = std::make_shared<ThreadedCluster>(*variant, shape.participants, accounts_per_participant, initial_balance,
                                                shape.log, cluster_dir);
  }
  std::mt19937_64 rng(base_seed() * 1000003 + static_cast<std::uint64_t>(state.thread_index()));
  const int range = shape.hot > 0 ? shape.hot : accounts_per_participant;
  std::uint64_t seq = 0, committed = 0, aborted = 0;
  std::vector<double> latencies;
  for (auto _ : state) {
    std::vector<Piece> pieces;
    for (NodeId p = 0; p < shape.participants; ++p) {
      Account a = cluster->account(p, static_cast<int>(rng() % static_cast<std::uint64_t>(range)));
      pieces.push_back({p, {{a, p == 0 ? -(shape.participants - 1) : 1}}, false});
    }
    const TxnId txn = (static_cast<TxnId>(state.thread_index() + 1) << 40) | ++seq;
    auto t0 = std::chrono::steady_clock::now();
    bool ok = cluster->run(txn, std::move(pieces));
    auto t1 = std::chrono::steady_clock::now();
    if (ok) {
      ++committed;
      latencies.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    } else {
      ++aborted;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(committed));
  using C = benchmark::Counter;
  state.counters["commit_p50_us"] = C(percentile(latencies, 0.5), C::kAvgThreads);
  state.counters["commit_p99_us"] = C(percentile(latencies, 0.99), C::kAvgThreads);
  state.counters["abort_ratio"] =
      C(static_cast<double>(aborted) / static_cast<double>(std::max<std::uint64_t>(committed + aborted, 1)),
        C::kAvgThreads);
  if (state.thread_index() == 0) {
    state.counters["syncs_per_txn"] = static_cast<double>(cluster->syncs()) /
                                      static_cast<double>(std::max<std::uint64_t>(
                                          state.iterations() * static_cast<std::uint64_t>(state.threads()), 1));
    cluster.reset();  // closes and removes the log files
    if (!cluster_dir.empty()) std::filesystem::remove_all(cluster_dir);
  }
}

void add(const Variant& v, Shape shape) {
  const std::string name = gauntlet::bench::bench_name("transfer", v.name)
                               .with("participants", shape.participants)
                               .with("hot", shape.hot)
                               .with("log", shape.log == LogMode::fsync ? "fsync" : "modelled")
                               .str();
  auto* b = benchmark::RegisterBenchmark(name.c_str(), transfer, &v, shape);
  gauntlet::bench::apply_thread_sweep(b);
  b->Unit(benchmark::kMicrosecond);
}

void register_all() {
  for (const Variant& v : variants()) {
    if (v.kind == Kind::known_bad) continue;
    for (int n : {2, 3, 4, 6, 8}) add(v, {n, 0, LogMode::modelled});  // by participants
    for (int hot : {64, 8, 2}) add(v, {4, hot, LogMode::modelled});   // by contention
    for (int n : {2, 4, 8}) add(v, {n, 0, LogMode::fsync});           // the price of a forced write
  }
}

}  // namespace

GAUNTLET_BENCH_MAIN(gauntlet::twopc::describe_family(), register_all)
