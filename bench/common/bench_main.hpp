#pragma once
// What every benchmark binary shares: the thread sweep and the run context.
//
// Thread sweeps go 1, 2, 4, ... up to GAUNTLET_MAX_THREADS (default: the
// hardware's thread count), always including the maximum itself, so a sweep on
// a 2-core machine is {1, 2} and on a 16-core one {1, 2, 4, 8, 16}.
//
// Benchmark names follow one grammar the report relies on
// (scripts/report/bench_rows.py parses it), built by bench_name() below:
//     <workload>/<implementation>[/<key>:<value>...]   (Google Benchmark appends /threads:N)
#include <benchmark/benchmark.h>

#include "impls/registry/registry.hpp"

#include <algorithm>
#include <concepts>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace gauntlet::bench {

// The one place a benchmark name is spelled, so every suite writes the grammar
// the same way: bench_name("throughput", impl).with("p", 1).with("bytes", 8).str()
// is "throughput/<impl>/p:1/bytes:8". Parameters keep the order they are added
// in: the name is an identifier the report and earlier runs' JSON match on.
class BenchName {
 public:
  BenchName(std::string_view workload, std::string_view impl) : name_(workload) {
    name_ += '/';
    name_ += impl;
  }

  BenchName& with(std::string_view key, std::string_view value) {
    name_ += '/';
    name_ += key;
    name_ += ':';
    name_ += value;
    return *this;
  }
  // Integers only: a bool or a char would print as a number nobody meant.
  template <std::integral V>
  requires(!std::same_as<V, bool> && !std::same_as<V, char>) BenchName& with(std::string_view key, V value) {
    return with(key, std::string_view(std::to_string(value)));
  }

  const std::string& str() const { return name_; }

 private:
  std::string name_;
};

inline BenchName bench_name(std::string_view workload, std::string_view impl) { return {workload, impl}; }

inline int max_threads() {
  if (const char* env = std::getenv("GAUNTLET_MAX_THREADS")) {
    int n = std::atoi(env);
    if (n > 0) return n;
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

inline std::vector<int> thread_sweep() {
  std::vector<int> out;
  int n = max_threads();
  for (int t = 1; t < n; t *= 2) out.push_back(t);
  out.push_back(n);
  return out;
}

inline void apply_thread_sweep(benchmark::internal::Benchmark* b) {
  for (int t : thread_sweep()) b->Threads(t);
  b->UseRealTime();
}

// Context the report reads: which family this is and its reference implementation.
inline void add_context(const std::string& family, const std::string& reference) {
  benchmark::AddCustomContext("gauntlet_family", family);
  benchmark::AddCustomContext("gauntlet_reference", reference);
  benchmark::AddCustomContext("gauntlet_max_threads", std::to_string(max_threads()));
#if defined(__VERSION__)
  benchmark::AddCustomContext("compiler", std::string("g++/clang ") + __VERSION__);
#endif
#if defined(GAUNTLET_CXX_FLAGS)
  benchmark::AddCustomContext("cxx_flags", GAUNTLET_CXX_FLAGS);
#endif
}

}  // namespace gauntlet::bench

// A benchmark main that registers the family's context first:
// GAUNTLET_BENCH_MAIN(gauntlet::rwlock::describe_family(), register_all).
#define GAUNTLET_BENCH_MAIN(family_info, register_fn)                            \
  int main(int argc, char** argv) {                                              \
    const gauntlet::FamilyInfo gauntlet_info = family_info;                      \
    gauntlet::bench::add_context(gauntlet_info.family, gauntlet_info.reference); \
    register_fn();                                                               \
    benchmark::Initialize(&argc, argv);                                          \
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;            \
    benchmark::RunSpecifiedBenchmarks();                                         \
    benchmark::Shutdown();                                                       \
    return 0;                                                                    \
  }
