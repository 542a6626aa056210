// Benchmarks of the pool family, one workload code for every binary.
//
//   churn/IMPL         same-thread churn: each thread keeps 256 live blocks of
//                      mixed classes (16..4096 bytes) and replaces a random one
//                      per op (one free, one allocate).
//   xfree/IMPL         cross-thread free (as in larson): each op frees a block
//                      taken from a slot array all threads share and leaves a
//                      new one there, so from 2 threads on most frees are of
//                      another thread's blocks.
//   prodcons/IMPL      producer to consumer (as in xmalloc-test): threads pair
//                      up, the even one allocates and passes blocks through a
//                      ring, the odd one frees them (2 threads and up).
//
//   rss-WORKLOAD/IMPL  RSS in a process of its own (churn at 1 thread, xfree at
//                      2): in one process the benchmarks run one after
//                      another and an allocator reuses the pages an earlier
//                      one freed, so an in-process delta says little (many
//                      read 0). This re-runs the binary with
//                      GAUNTLET_POOL_RSS_CHILD=WORKLOAD/IMPL; the child
//                      resets its peak, runs the workload for a fixed number
//                      of ops (rss_ops), frees every block, idles 200 ms and
//                      prints its deltas; the parent reports them.
//
// Each benchmark iteration is a batch of 64 ops; counters: ns_per_op_median and
// ns_per_op_p99 over the batches (thread 0). rss-* rows: peak_rss_delta (VmHWM
// over the run, after resetting it at the start, minus the RSS at the start)
// and idle_rss_delta (VmRSS minus the start's, after every block is freed and
// the allocator has been idle for 200 ms), in bytes.
//
// GAUNTLET_POOL_ONLY (a compile definition) names the one peer a binary built
// against a malloc-replacing library registers; without it, the in-process
// list and TBB's scalable allocator.
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/common/bench_main.hpp"
#include "impls/pool/family.hpp"

namespace gauntlet::pool {
namespace {

constexpr int batch = 64;
constexpr int churn_live = 256;  // blocks each churn thread keeps live

long status_kb(const char* key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind(key, 0) == 0) return std::atol(line.c_str() + std::strlen(key));
  return 0;
}
void reset_peak() {
  std::ofstream f("/proc/self/clear_refs");
  f << "5";
}

std::size_t size_of_draw(std::uint64_t r) {
  static constexpr std::size_t sizes[] = {16, 24, 32, 48, 64, 96, 128, 256, 512, 1024, 2048, 4096};
  return sizes[(r >> 8) % (sizeof sizes / sizeof sizes[0])];
}

struct Shared {
  explicit Shared(int threads) : sync(threads), ring(threads / 2 + 1) {}
  std::barrier<> sync;
  struct Slot {
    std::atomic<void*> p{nullptr};
    std::atomic<std::size_t> n{0};
    std::atomic<bool> busy{false};
  };
  std::vector<Slot> slots = std::vector<Slot>(1024);
  struct Ring {
    static constexpr std::size_t cap = 1024;
    std::unique_ptr<std::atomic<void*>[]> cells { new std::atomic<void*>[ cap ]() };
  };
  std::vector<Ring> ring;
};

template <class P>
struct Run {
  static inline std::unique_ptr<P> pool;
  static inline std::unique_ptr<Shared> shared;
};

template <class P>
void setup(const benchmark::State& s) {
  Run<P>::shared = std::make_unique<Shared>(s.threads());
  Run<P>::pool = std::make_unique<P>();
}
template <class P>
void teardown(const benchmark::State&) {
  Run<P>::pool.reset();
  Run<P>::shared.reset();
}

// Thread 0, after every thread has freed everything: the counters.
void finish(benchmark::State& state, Shared& sh, std::vector<double>& per_op) {
  sh.sync.arrive_and_wait();
  if (state.thread_index() != 0) return;
  std::sort(per_op.begin(), per_op.end());
  auto at = [&](double q) { return per_op.empty() ? 0.0 : per_op[static_cast<std::size_t>(q * (per_op.size() - 1))]; };
  state.counters["ns_per_op_median"] = at(0.5);
  state.counters["ns_per_op_p99"] = at(0.99);
}

template <class F>
double timed(F f) {
  auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count() / batch;
}

// One churn op: free a random one of the live blocks, allocate its replacement.
template <class P, int live>
void churn_op(P& pool, std::mt19937_64& rng, void* (&p)[live], std::size_t (&n)[live]) {
  std::uint64_t r = rng();
  int i = static_cast<int>(r % live);
  pool.deallocate(p[i], n[i]);
  n[i] = size_of_draw(r);
  p[i] = pool.allocate(n[i]);
  static_cast<char*>(p[i])[0] = 1;
}

// One xfree op: leave a new block in a random shared slot, free the one it held.
template <class P>
void xfree_op(P& pool, std::mt19937_64& rng, Shared& sh) {
  std::uint64_t r = rng();
  auto& s = sh.slots[r % sh.slots.size()];
  std::size_t want = size_of_draw(r);
  void* mine = pool.allocate(want);
  static_cast<char*>(mine)[0] = 1;
  while (s.busy.exchange(true, std::memory_order_acquire)) std::this_thread::yield();
  void* old = s.p.load(std::memory_order_relaxed);
  std::size_t oldn = s.n.load(std::memory_order_relaxed);
  s.p.store(mine, std::memory_order_relaxed);
  s.n.store(want, std::memory_order_relaxed);
  s.busy.store(false, std::memory_order_release);
  if (old) pool.deallocate(old, oldn);
}
template <class P>
void free_slots(P& pool, Shared& sh) {
  for (auto& s : sh.slots)
    if (void* q = s.p.exchange(nullptr)) pool.deallocate(q, s.n.load());
}

template <class P>
void churn(benchmark::State& state) {
  P& pool = *Run<P>::pool;
  Shared& sh = *Run<P>::shared;
  std::mt19937_64 rng(42 + static_cast<std::uint64_t>(state.thread_index()));
  constexpr int live = churn_live;
  void* p[live];
  std::size_t n[live];
  for (int i = 0; i < live; ++i) {
    n[i] = size_of_draw(rng());
    p[i] = pool.allocate(n[i]);
  }
  std::vector<double> per_op;
  for (auto _ : state) {
    per_op.push_back(timed([&] {
      for (int k = 0; k < batch; ++k) churn_op(pool, rng, p, n);
    }));
  }
  state.SetItemsProcessed(state.iterations() * batch);
  for (int i = 0; i < live; ++i) pool.deallocate(p[i], n[i]);
  finish(state, sh, per_op);
}

template <class P>
void xfree(benchmark::State& state) {
  P& pool = *Run<P>::pool;
  Shared& sh = *Run<P>::shared;
  std::mt19937_64 rng(7 + static_cast<std::uint64_t>(state.thread_index()));
  std::vector<double> per_op;
  for (auto _ : state) {
    per_op.push_back(timed([&] {
      for (int k = 0; k < batch; ++k) xfree_op(pool, rng, sh);
    }));
  }
  state.SetItemsProcessed(state.iterations() * batch);
  sh.sync.arrive_and_wait();
  if (state.thread_index() == 0) free_slots(pool, sh);
  finish(state, sh, per_op);
}

template <class P>
void prodcons(benchmark::State& state) {
  P& pool = *Run<P>::pool;
  Shared& sh = *Run<P>::shared;
  auto& ring = sh.ring[static_cast<std::size_t>(state.thread_index() / 2)];
  const bool producer = state.thread_index() % 2 == 0;
  const bool paired = producer ? state.thread_index() + 1 < state.threads() : true;
  std::size_t at = 0;
  std::uint64_t r = 99;
  std::vector<double> per_op;
  for (auto _ : state) {
    per_op.push_back(timed([&] {
      for (int k = 0; k < batch; ++k, ++at) {
        auto& cell = ring.cells[at % Shared::Ring::cap];
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        std::size_t n = size_of_draw(r);  // both sides draw the same sequence
        if (!paired) {
          pool.deallocate(pool.allocate(n), n);
        } else if (producer) {
          void* b = pool.allocate(n);
          while (cell.load(std::memory_order_acquire) != nullptr) spin_pause();
          cell.store(b, std::memory_order_release);
        } else {
          void* b;
          while ((b = cell.exchange(nullptr, std::memory_order_acquire)) == nullptr) spin_pause();
          pool.deallocate(b, n);
        }
      }
    }));
  }
  state.SetItemsProcessed(state.iterations() * batch);
  finish(state, sh, per_op);
}

// The child's side of rss-WORKLOAD/IMPL: a fresh process, nothing allocated
// by an earlier benchmark. Prints "PEAK_KB IDLE_KB" over its start.
constexpr long rss_ops = 1 << 21;

template <class P>
void rss_child(std::string_view workload) {
  const long start_kb = status_kb("VmRSS:");
  reset_peak();
  {
    P pool;
    if (workload == "churn") {
      constexpr int live = churn_live;
      void* p[live];
      std::size_t n[live];
      std::mt19937_64 rng(42);
      for (int i = 0; i < live; ++i) p[i] = pool.allocate(n[i] = size_of_draw(rng()));
      for (long k = 0; k < rss_ops; ++k) churn_op(pool, rng, p, n);
      for (int i = 0; i < live; ++i) pool.deallocate(p[i], n[i]);
    } else {
      Shared sh(2);
      std::thread other([&] {
        std::mt19937_64 rng(8);
        for (long k = 0; k < rss_ops / 2; ++k) xfree_op(pool, rng, sh);
      });
      std::mt19937_64 rng(7);
      for (long k = 0; k < rss_ops / 2; ++k) xfree_op(pool, rng, sh);
      other.join();
      free_slots(pool, sh);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    // Measured with the pool alive and idle: its cache is what it keeps.
    std::printf("%ld %ld\n", status_kb("VmHWM:") - start_kb, status_kb("VmRSS:") - start_kb);
  }
  std::fflush(stdout);
}

// The parent's side: runs this binary again as the child and reports what it printed.
void rss_parent(benchmark::State& state, const std::string& child) {
  char self[4096];
  const ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  if (len <= 0) return state.SkipWithError("cannot read /proc/self/exe");
  self[len] = 0;
  std::string quoted = "'";
  for (const char* c = self; *c; ++c) quoted += *c == '\'' ? std::string("'\\''") : std::string(1, *c);
  quoted += "'";
  long peak_kb = -1, idle_kb = -1;
  for (auto _ : state) {
    const std::string cmd = "GAUNTLET_POOL_RSS_CHILD='" + child + "' " + quoted;
    FILE* f = popen(cmd.c_str(), "r");
    if (f == nullptr) return state.SkipWithError("popen failed");
    const int got = std::fscanf(f, "%ld %ld", &peak_kb, &idle_kb);
    if (pclose(f) != 0 || got != 2) return state.SkipWithError(("the RSS child failed: " + cmd).c_str());
  }
  state.counters["peak_rss_delta"] = static_cast<double>(peak_kb) * 1024.0;
  state.counters["idle_rss_delta"] = static_cast<double>(idle_kb) * 1024.0;
}

template <class P>
void register_one() {
  const std::string impl(P::name);
  auto reg = [&](const char* workload, void (*fn)(benchmark::State&)) {
    return benchmark::RegisterBenchmark(bench::bench_name(workload, impl).str().c_str(), fn)
        ->Setup(setup<P>)
        ->Teardown(teardown<P>)
        ->UseRealTime();
  };
  reg("churn", churn<P>)->Apply(bench::apply_thread_sweep);
  reg("xfree", xfree<P>)->Apply(bench::apply_thread_sweep);
  auto* pc = reg("prodcons", prodcons<P>);
  for (int t : bench::thread_sweep())
    if (t >= 2 && t % 2 == 0) pc->Threads(t);
  for (const char* workload : {"churn", "xfree"}) {
    const std::string child = std::string(workload) + "/" + impl;
    benchmark::RegisterBenchmark(bench::bench_name(std::string("rss-") + workload, impl).str().c_str(),
                                 [child](benchmark::State& s) { rss_parent(s, child); })
        ->Iterations(1)
        ->UseRealTime();
  }
}

// What this binary registers: a malloc-replacing peer's binary only that
// peer; the main one our pools, glibc's malloc and TBB's scalable allocator.
#if defined(GAUNTLET_POOL_ONLY)
using binary_list = implementations;
#elif defined(GAUNTLET_POOL_NO_TBB)
using binary_list = in_process;
#else
using binary_list = decltype(concat(in_process{}, type_list<TbbScalable>{}));
#endif
template <class P>
constexpr bool in_this_binary() {
#if defined(GAUNTLET_POOL_ONLY)
  return P::name == std::string_view(GAUNTLET_POOL_ONLY);
#else
  return P::kind != Kind::known_bad;
#endif
}

// In the RSS child (GAUNTLET_POOL_RSS_CHILD=WORKLOAD/IMPL), runs that and exits.
void run_rss_child_if_asked() {
  const char* ask = std::getenv("GAUNTLET_POOL_RSS_CHILD");
  if (ask == nullptr) return;
  const std::string_view a(ask);
  const auto slash = a.find('/');
  const std::string_view workload = a.substr(0, slash);
  bool ran = false;
  for_each_type(binary_list{}, [&]<class P>() {
    if constexpr (in_this_binary<P>())
      if (slash != std::string_view::npos && a.substr(slash + 1) == P::name &&
          (workload == "churn" || workload == "xfree")) {
        rss_child<P>(workload);
        ran = true;
      }
  });
  if (!ran) std::fprintf(stderr, "bench_pool: nothing to run for GAUNTLET_POOL_RSS_CHILD=%s\n", ask);
  std::exit(ran ? 0 : 2);
}

void register_all() {
  run_rss_child_if_asked();
  for_each_type(binary_list{}, []<class P>() {
    if constexpr (in_this_binary<P>()) register_one<P>();
  });
}

}  // namespace
}  // namespace gauntlet::pool

GAUNTLET_BENCH_MAIN(gauntlet::pool::describe_family(), gauntlet::pool::register_all)
