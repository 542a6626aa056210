// Benchmarks of the ring family (impls/ring/family.hpp), every entry but the
// known-bad ones (the seed's ring never wraps: it cannot run a steady stream).
//   throughput/<impl>/bytes:B   one producer writes B-byte messages in place
//       (reserve, fill, commit), one consumer reads them in place (peek,
//       touch, release): items_per_second, bytes_per_second.
//   copy/<impl>/bytes:B   the same stream through the family interface alone
//       (try_write copies in, try_read hands the consumer a view): every
//       ring, an adopted one included, since zero-copy calls are ours only.
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bench/common/bench_main.hpp"
#include "bench/common/harness.hpp"
#include "impls/ring/family.hpp"

using namespace gauntlet;
using namespace gauntlet::bench;

namespace {

constexpr std::size_t kRingBytes = 1 << 16;

template <class R>
struct Shared {
  static inline std::unique_ptr<R> r;
  static void setup(const benchmark::State&) { r = std::make_unique<R>(kRingBytes); }
  static void teardown(const benchmark::State&) { r.reset(); }
};

template <class R>
void throughput(benchmark::State& state, std::size_t bytes) {
  R& r = *Shared<R>::r;
  Backoff backoff;
  std::uint64_t seq = 0, sum = 0;
  for (auto _ : state) {
    if (state.thread_index() == 0) {
      typename R::Reservation res{};
      while (r.try_reserve(bytes, res) != ring::Status::ok) backoff.pause();
      std::memset(res.data, static_cast<int>(seq), bytes);  // the message is written where it will be read
      std::memcpy(res.data, &seq, sizeof(seq));
      ++seq;
      r.commit(res);
    } else {
      std::span<const std::byte> msg;
      while (r.try_peek(msg) != ring::Status::ok) backoff.pause();
      std::uint64_t first;
      std::memcpy(&first, msg.data(), sizeof(first));
      sum += first + static_cast<std::uint64_t>(msg.back());
      r.release();
    }
  }
  benchmark::DoNotOptimize(sum);
  if (state.thread_index() == 0) {
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
  }
}

// The seed's calls answer a bool, ours a Status; an adopted ring either.
[[maybe_unused]] bool done(bool ok) { return ok; }
[[maybe_unused]] bool done(ring::Status s) { return s == ring::Status::ok; }

template <class R>
void copy(benchmark::State& state, std::size_t bytes) {
  R& r = *Shared<R>::r;
  Backoff backoff;
  std::vector<std::byte> msg(bytes);
  std::uint64_t seq = 0, sum = 0;
  for (auto _ : state) {
    if (state.thread_index() == 0) {
      std::memcpy(msg.data(), &seq, sizeof(seq));
      ++seq;
      while (!done(r.try_write(std::span<const std::byte>(msg)))) backoff.pause();
    } else {
      while (
          !done(r.try_read([&](std::span<const std::byte> m) { sum += m.size() + static_cast<std::uint64_t>(m[0]); })))
        backoff.pause();
    }
  }
  benchmark::DoNotOptimize(sum);
  if (state.thread_index() == 0) {
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
  }
}

// One two-thread benchmark of ring R per message size: the producer is thread 0.
template <class R, class Body>
void register_sizes(const char* workload, std::initializer_list<std::size_t> sizes, Body body) {
  for (std::size_t bytes : sizes) {
    const std::string name = bench::bench_name(workload, R::name).with("bytes", bytes).str();
    benchmark::RegisterBenchmark(name.c_str(), [bytes, body](benchmark::State& s) { body(s, bytes); })
        ->Threads(2)
        ->UseRealTime()
        ->Setup(Shared<R>::setup)
        ->Teardown(Shared<R>::teardown);
  }
}

void register_all() {
  for_each_type(ring::implementations{}, [&]<class R>() {
    if constexpr (R::kind != Kind::known_bad) {
      register_sizes<R>("copy", {8, 64, 512}, [](benchmark::State& s, std::size_t b) { copy<R>(s, b); });
      if constexpr (requires(R & r, typename R::Reservation & res) { r.try_reserve(8, res); })
        register_sizes<R>("throughput", {8, 64, 512, 4096},
                          [](benchmark::State& s, std::size_t b) { throughput<R>(s, b); });
    }
  });
}

}  // namespace

GAUNTLET_BENCH_MAIN(gauntlet::ring::describe_family(), register_all)
