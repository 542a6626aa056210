// Relacy model checks for every implementation of the family but the peer
// (an adopted class: when it reaches atomics through the platform layer).
//
//   relacy-total-exact          2 writers, each inc() twice through a handle
//                               made before they start, and a scraper: its
//                               two scrapes never go down nor past 4, and
//                               the scrape after every thread has finished
//                               reads exactly 4.
//   relacy-concurrent-lookup    2 threads look up one gauge, one histogram
//                               and a counter each, set and observe, while a
//                               third scrapes: every lookup and scrape is
//                               ordered by the lock (the catalogue is a
//                               checked variable), nothing recorded is lost.
//   relacy-shared-shard         (sharded) 3 writers on 2 shards, so two
//                               share one: its fetch_add must lose nothing.
//   relacy-exited-threads       (per-thread) 3 writers, each leaving
//                               (thread_exit) after its increments while the
//                               scraper reads: the counts of exited threads
//                               are kept, none twice, none lost.
//
// Their teeth, models kept here (not on the family list) with rows that must
// be caught: `torn-cells`, one shared cell per series added to by a relaxed
// load and a store (relacy-total-exact); `exit-drops-counts`, per-thread
// slots whose exit removes the slot without folding its counts
// (relacy-exited-threads).
//
// Our registries run here with small chunks (4 cells, 4 chunks), the same
// code at a size the model checker can explore; per-thread runs with
// ModelThreads (slots by thread_slot(), exits explicit), since the model's
// threads are not OS threads.
// Depth: --depth ci 20,000 random schedules per check; --depth full
// 200,000. No context-bounded search: at bound 1 it did not finish within
// minutes on these suites (each scrape is many relaxed loads, each of which
// may read any value still visible to it).
#include <memory>
#include <type_traits>
#include <vector>

#include "impls/metrics/family.hpp"
#include "verify/common/relacy_runner.hpp"
#include "verify/common/verdict.hpp"
#include "verify/metrics/parse.hpp"

namespace gauntlet::metrics {
namespace {

using verify::RelacyConfig;
using verify::run_relacy;

template <class C>
struct Model {
  using type = C;
};
template <>
struct Model<AtomicSeriesRegistry> {
  using type = BasicRegistry<AtomicCells<4, 4>>;
};
// Two shards whatever the hardware: with 3 writers, writers 0 and 2 share shard 0.
struct TwoShardCells : ShardedCells<4, 4> {
  TwoShardCells() : ShardedCells<4, 4>(2) {}
};
template <>
struct Model<ShardedRegistry> {
  using type = BasicRegistry<TwoShardCells>;
};
template <>
struct Model<PerThreadRegistry> {
  struct type : BasicRegistry<PerThreadCells<ModelThreads, 4, 4>> {
    void thread_exit() { cells().thread_exit(); }
  };
};

template <class R>
std::uint64_t scraped(const R& r) {
  for (const auto& s : test::parse(r.scrape()))
    if (s.name == "hits_total") return static_cast<std::uint64_t>(s.value);
  return 0;
}

template <class R, unsigned Writers, bool Exit>
struct TotalSuite : rl::test_suite<TotalSuite<R, Writers, Exit>, Writers + 1> {
  static constexpr unsigned rounds = 2;
  R r;
  decltype(r.counter("", "", {})) c = r.counter("hits_total", "Hits.", {{"k", "v"}});

  void thread(unsigned index) {
    if (index < Writers) {
      for (unsigned k = 0; k < rounds; ++k) c.inc();
      if constexpr (Exit) r.thread_exit();
    } else {
      const std::uint64_t first = scraped(r);
      const std::uint64_t second = scraped(r);
      RL_ASSERT(first <= second);
      RL_ASSERT(second <= Writers * rounds);
    }
  }
  void after() { RL_ASSERT(scraped(r) == Writers * rounds); }
};

// Lookups while others record and scrape: two threads look up one gauge and
// one histogram series each (the first to come makes it) and a counter of
// their own, set and observe through them, while a third scrapes. The
// registry's lock must order every lookup against the others and the scrape
// (the catalogue's checked variable races otherwise), and a metric's lock
// its set and observe.
template <class R>
struct LookupSuite : rl::test_suite<LookupSuite<R>, 3> {
  R r;

  void thread(unsigned index) {
    if (index < 2) {
      r.gauge("temp", "T.", {{"k", "a"}}).set(index + 1.0);
      r.histogram("lat", "L.", {}, {1.0, 2.0}).observe(index + 0.5);
      r.counter(index == 0 ? "first_total" : "second_total", "C.", {}).inc();
    } else {
      (void)r.scrape();
    }
  }
  void after() {
    double count = 0, first = 0, second = 0;
    for (const auto& s : test::parse(r.scrape())) {
      if (s.name == "lat_count") count = s.value;
      if (s.name == "first_total") first = s.value;
      if (s.name == "second_total") second = s.value;
    }
    RL_ASSERT(count == 2 && first == 1 && second == 1);
  }
};

// One shared cell per series, each add a load then a store: two writers can
// both read n and both write n + 1.
struct TornCells {
  using Ref = atomic<std::uint64_t>*;
  Chunks<4, 4> chunks;
  Ref make(std::uint32_t id) { return &chunks.make(id); }
  void add(const Ref& r, std::uint64_t n) {
    r->store(r->load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  void read_all(std::uint64_t* out, std::size_t n) const {
    for (std::size_t i = 0; i < n; ++i) out[i] = 0;
    chunks.add_into(out, n);
  }
};

// Per-thread slots indexed by thread; an exit forgets the slot, counts and all.
struct DroppingCells {
  using Ref = std::uint32_t;
  struct Slot {
    Chunks<4, 4> cells;
  };
  mutable mutex mu;
  Slot* by_thread[ModelThreads::max_threads] = {};
  std::vector<std::unique_ptr<Slot>> all;  // freed with the registry, read only while live
  bool live[ModelThreads::max_threads] = {};
  Ref make(std::uint32_t id) { return id; }
  void add(const Ref& id, std::uint64_t n) {
    Slot*& s = by_thread[thread_slot()];
    if (!s) {
      std::lock_guard<mutex> g(mu);
      all.push_back(std::make_unique<Slot>());
      s = all.back().get();
      live[thread_slot()] = true;
    }
    atomic<std::uint64_t>* c = s->cells.find(id);
    if (!c) {
      std::lock_guard<mutex> g(mu);
      c = &s->cells.make(id);
    }
    c->store(c->load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  void read_all(std::uint64_t* out, std::size_t n) const {
    std::lock_guard<mutex> g(mu);
    for (std::size_t i = 0; i < n; ++i) out[i] = 0;
    for (unsigned t = 0; t < ModelThreads::max_threads; ++t)
      if (live[t]) by_thread[t]->cells.add_into(out, n);
  }
  void thread_exit() {
    std::lock_guard<mutex> g(mu);
    live[thread_slot()] = false;  // the counts go with it
  }
};

struct TornRegistry : BasicRegistry<TornCells> {};
struct DroppingRegistry : BasicRegistry<DroppingCells> {
  void thread_exit() { cells().thread_exit(); }
};

struct Budget {
  rl::iteration_t random_iterations;
};

template <class C>
void check(verify::Verifier& v, const Budget& b) {
  using R = typename Model<C>::type;
  v.record<C>("relacy-total-exact", run_relacy<TotalSuite<R, 2, false>>(RelacyConfig::random(b.random_iterations)));
  v.record<C>("relacy-concurrent-lookup", run_relacy<LookupSuite<R>>(RelacyConfig::random(b.random_iterations)));
  if constexpr (std::is_same_v<C, ShardedRegistry>)
    v.record<C>("relacy-shared-shard", run_relacy<TotalSuite<R, 3, false>>(RelacyConfig::random(b.random_iterations)));
  if constexpr (std::is_same_v<C, PerThreadRegistry>)
    v.record<C>("relacy-exited-threads", run_relacy<TotalSuite<R, 3, true>>(RelacyConfig::random(b.random_iterations)));
}

}  // namespace
}  // namespace gauntlet::metrics

int main(int argc, char** argv) {
  using namespace gauntlet;
  verify::Verifier v(std::string(metrics::family_name), argc, argv);
  const metrics::Budget budget = v.full() ? metrics::Budget{200000} : metrics::Budget{20000};
  for_each_type(metrics::verified_implementations{}, [&]<class C>() {
    if (!v.selected(C::name)) return;
    if constexpr (model_checkable<C>) metrics::check<C>(v, budget);
  });
  if (v.selected("torn-cells")) {
    v.record("torn-cells", Kind::known_bad, "relacy-total-exact",
             verify::run_relacy<metrics::TotalSuite<metrics::TornRegistry, 2, false>>(
                 verify::RelacyConfig::random(budget.random_iterations)),
             /*must_catch=*/true);
  }
  if (v.selected("exit-drops-counts")) {
    v.record("exit-drops-counts", Kind::known_bad, "relacy-exited-threads",
             verify::run_relacy<metrics::TotalSuite<metrics::DroppingRegistry, 3, true>>(
                 verify::RelacyConfig::random(budget.random_iterations)),
             /*must_catch=*/true);
  }
  return v.finish_known(metrics::verified_implementations{}, {"torn-cells", "exit-drops-counts"});
}
