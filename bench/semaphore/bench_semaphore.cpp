// Benchmarks of the weighted semaphore family, over its one implementation list.
//
//   uncontended/IMPL/permits:P   one thread, acquire(1) + release(1). With P = 16
//                                the count never reaches 0 (the fast paths); with
//                                P = 1 it does, and libstdc++'s counting_semaphore
//                                then calls futex wake on every release.
//   contended/IMPL/permits:1     every thread of the sweep acquire(1) + release(1)
//                                on one shared semaphore: from 2 threads on, each
//                                release hands the permit over to a sleeper.
//   pingpong/IMPL                two threads, two semaphores at 0: A releases
//                                ping and waits on pong, B the reverse; a
//                                hand-off is one release waking one acquire
//                                (wake-up latency, counter ns_per_handoff).
#include <chrono>
#include <memory>
#include <string>

#include "bench/common/bench_main.hpp"
#include "impls/semaphore/family.hpp"

namespace gauntlet::semaphore {
namespace {

template <class Sem>
void uncontended(benchmark::State& state, std::ptrdiff_t permits) {
  Sem sem(permits);
  for (auto _ : state) {
    sem.acquire(1);
    sem.release(1);
  }
  state.SetItemsProcessed(state.iterations());
}

// Shared between the benchmark threads; made before they start, destroyed after
// they finish (Setup/Teardown run once per run, outside the threads).
template <class Sem>
std::unique_ptr<Sem> contended_sem;

template <class Sem>
void contended(benchmark::State& state) {
  Sem& sem = *contended_sem<Sem>;
  for (auto _ : state) {
    sem.acquire(1);
    sem.release(1);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["per_thread_ops"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                        benchmark::Counter::kIsRate | benchmark::Counter::kAvgThreads);
}

template <class Sem>
struct PingPong {
  Sem ping{1, 0};
  Sem pong{1, 0};
};

template <class Sem>
std::unique_ptr<PingPong<Sem>> pingpong_sems;

template <class Sem>
void pingpong(benchmark::State& state) {
  PingPong<Sem>& pp = *pingpong_sems<Sem>;
  if (state.thread_index() == 0) {
    auto start = std::chrono::steady_clock::now();
    for (auto _ : state) {
      pp.ping.release(1);
      pp.pong.acquire(1);
    }
    auto ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    // Two hand-offs per round trip; only this thread reports them (counters add up over threads).
    state.SetItemsProcessed(2 * state.iterations());
    state.counters["ns_per_handoff"] = state.iterations() ? ns / (2.0 * static_cast<double>(state.iterations())) : 0.0;
  } else {
    for (auto _ : state) {
      pp.ping.acquire(1);
      pp.pong.release(1);
    }
  }
}

template <class Sem>
void register_one() {
  const std::string impl(Sem::name);
  for (std::ptrdiff_t permits : {16, 1}) {
    benchmark::RegisterBenchmark(bench::bench_name("uncontended", impl).with("permits", permits).str().c_str(),
                                 [permits](benchmark::State& s) { uncontended<Sem>(s, permits); });
  }
  benchmark::RegisterBenchmark(bench::bench_name("contended", impl).with("permits", 1).str().c_str(), contended<Sem>)
      ->Setup([](const benchmark::State&) { contended_sem<Sem> = std::make_unique<Sem>(1); })
      ->Teardown([](const benchmark::State&) { contended_sem<Sem>.reset(); })
      ->Apply(bench::apply_thread_sweep);
  benchmark::RegisterBenchmark(bench::bench_name("pingpong", impl).str().c_str(), pingpong<Sem>)
      ->Setup([](const benchmark::State&) { pingpong_sems<Sem> = std::make_unique<PingPong<Sem>>(); })
      ->Teardown([](const benchmark::State&) { pingpong_sems<Sem>.reset(); })
      ->Threads(2)
      ->UseRealTime();
}

void register_all() {
  for_each_type(implementations{}, []<class Sem>() { register_one<Sem>(); });
}

}  // namespace
}  // namespace gauntlet::semaphore

GAUNTLET_BENCH_MAIN(gauntlet::semaphore::describe_family(), gauntlet::semaphore::register_all)
