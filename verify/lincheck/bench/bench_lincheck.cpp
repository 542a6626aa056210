// The checker over the reference histories of ../shared/histories: time per
// history and the search's peak memory, to set beside Porcupine's on the same
// files (../shared/anchors/porcupine-bench runs it, in the same session);
// names are <history>/lincheck[/partition:off][/checker_threads:N].
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/common/bench_main.hpp"
#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/models/all.hpp"
#include "verify/lincheck/parsers.hpp"
#include "verify/lincheck/typed_history.hpp"

namespace lc = gauntlet::lincheck;

namespace {

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// checker_threads 0: the default (the calling thread, helpers only past 2 ms); 1: inline only.
template <class Model>
void register_history(const std::filesystem::path& file, bool partition, unsigned checker_threads = 0) {
  auto raw = lc::read_history(read_text(file), lc::detect_format(read_text(file)));
  Model model;
  auto ops = lc::to_typed(raw, model).ops;
  gauntlet::bench::BenchName builder(file.stem().string(), "lincheck");
  if (!partition) builder.with("partition", "off");
  if (checker_threads) builder.with("checker_threads", checker_threads);
  const std::string name = builder.str();
  benchmark::RegisterBenchmark(name.c_str(),
                               [ops, partition, checker_threads](benchmark::State& state) {
                                 lc::CheckOptions options;
                                 options.partition = partition;
                                 options.threads = checker_threads;
                                 lc::CheckResult r;
                                 for (auto _ : state) {
                                   r = lc::check<Model>(ops, options);
                                   benchmark::DoNotOptimize(r.verdict);
                                 }
                                 state.counters["operations"] = static_cast<double>(ops.size());
                                 state.counters["states"] = static_cast<double>(r.states_explored);
                                 state.counters["peak_memory_bytes"] = static_cast<double>(r.peak_memory_bytes);
                                 state.counters["linearizable"] = r.verdict == lc::Verdict::linearizable ? 1 : 0;
                                 state.counters["partitions"] = static_cast<double>(r.partitions.size());
                               })
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
}

void register_all() {
  auto dir = std::filesystem::path(GAUNTLET_SHARED_DIR) / "histories";
  if (!std::filesystem::exists(dir / "README.md")) {
    std::fprintf(stderr, "bench_lincheck: no reference histories at %s; nothing to measure\n", dir.string().c_str());
    return;
  }
  for (const char* f : {"etcd_000.log", "etcd_001.log", "etcd_002.log", "etcd_005.log", "etcd_007.log", "etcd_018.log"})
    register_history<lc::models::CasRegister>(dir / "etcd" / f, true);
  for (const char* f : {"c01-ok.txt", "c01-bad.txt", "c10-ok.txt", "c10-bad.txt", "c50-ok.txt", "c50-bad.txt"})
    register_history<lc::models::Kv>(dir / "kv" / f, true);
  for (const char* f : {"c50-ok.txt", "c50-bad.txt"}) register_history<lc::models::Kv>(dir / "kv" / f, true, 1);
  for (const char* f : {"c10-ok.txt", "c10-bad.txt"}) register_history<lc::models::Kv>(dir / "kv" / f, false);
}

}  // namespace

GAUNTLET_BENCH_MAIN((gauntlet::FamilyInfo{"lincheck", "lincheck", {}}), register_all)
