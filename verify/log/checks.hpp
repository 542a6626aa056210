#pragma once
// The family's checks on real threads, shared by the verifier and the Catch2
// tests. Each returns what it found; `message` names the first violation.
// Bounded: every producer makes a finite number of calls and every wait
// gives up after a deadline, failing with what it waited for.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "impls/log/interface.hpp"
#include "verify/common/bounded_wait.hpp"
#include "verify/common/found.hpp"
#include "verify/log/parse.hpp"

namespace gauntlet::log::test {

using verify::Found;  // verify/common/found.hpp

// A file name of this process's own, under $TMPDIR (or /tmp).
inline std::string temp_log(const std::string& tag) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir && *dir ? dir : "/tmp") + "/gauntlet-log-" + std::to_string(::getpid()) + "-" + tag + ".log";
}

struct StressResult {
  Found accounting;    // counters against the calls made and the file
  Found order;         // each producer's entries in its own order (all of them, for block)
  Found drop_records;  // the file's drop records account for every missing entry
  Counters counters;
};

struct Shape {
  unsigned producers = 4;
  std::uint64_t per_producer = 20000;
  std::size_t capacity = 64;
  std::size_t bytes = 64;
  unsigned sample_n = 4;
};

// Producers flood a small logger whose consumer starts only once they have
// filled it (every implementation that can pause overflows for certain);
// after the joins, flush, read the counters, shut down and read the file.
template <class L>
StressResult stress(const Shape& s, const std::string& tag) {
  StressResult res;
  const std::string path = temp_log(tag);
  Config cfg{.path = path,
             .capacity = s.capacity,
             .sample_n = s.sample_n,
             .deadline = std::chrono::microseconds(200),
             .start = false};
  const std::uint64_t total = std::uint64_t{s.producers} * s.per_producer;
  {
    L logger(cfg);
    std::atomic<std::uint64_t> attempts{0};
    std::vector<std::thread> ts;
    for (unsigned p = 0; p < s.producers; ++p)
      ts.emplace_back([&, p] {
        for (std::uint64_t k = 0; k < s.per_producer; ++k) {
          attempts.fetch_add(1, std::memory_order_relaxed);
          logger.log(Level::info, message(p, k, s.bytes), Fields{(std::uint64_t{p} << 32) | k, k});
        }
      });
    // The ring holds its capacity before anyone consumes; past it, every call
    // overflows (a blocking one waits: each producer then has one in flight).
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (attempts.load() < std::min<std::uint64_t>(total, s.capacity + s.producers) &&
           std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    logger.start();
    for (auto& t : ts) t.join();
    logger.flush();
    res.counters = logger.counters();
    logger.shutdown();
  }
  const Counters& c = res.counters;
  const auto lines = read_log(path);
  std::remove(path.c_str());
  std::uint64_t in_file = 0, drops_in_file = 0;
  std::map<unsigned, std::vector<std::uint64_t>> seqs;
  for (const auto& l : lines) {
    if (!l.whole) {
      res.accounting.fail("a torn or unreadable line: '" + l.text.substr(0, 80) + "'");
      continue;
    }
    if (l.drop) drops_in_file += l.drop_n;
    if (!l.has_ps) continue;
    ++in_file;
    seqs[l.producer].push_back(l.seq);
  }
  res.accounting.iterations = res.order.iterations = res.drop_records.iterations = total;
  auto num = [](std::uint64_t v) { return std::to_string(v); };
  if (c.produced != total) res.accounting.fail("produced " + num(c.produced) + ", but " + num(total) + " calls made");
  if (c.delivered + c.dropped() != total)
    res.accounting.fail("delivered " + num(c.delivered) + " + dropped " + num(c.dropped()) + " = " +
                        num(c.delivered + c.dropped()) + ", but " + num(total) + " produced");
  if (in_file != c.delivered)
    res.accounting.fail("the file holds " + num(in_file) + " entries, delivered says " + num(c.delivered));
  if (drops_in_file != total - in_file)
    res.drop_records.fail("the file's drop records count " + num(drops_in_file) + ", but " + num(total - in_file) +
                          " entries are missing from it");
  for (auto& [p, v] : seqs) {
    for (std::size_t i = 1; i < v.size(); ++i)
      if (v[i] <= v[i - 1]) {
        res.order.fail("producer " + std::to_string(p) + ": entry " + num(v[i]) + " after " + num(v[i - 1]));
        break;
      }
    if (L::overflow == Overflow::block && v.size() != s.per_producer)
      res.order.fail("producer " + std::to_string(p) + ": " + num(v.size()) + " of " + num(s.per_producer) +
                     " entries under the block policy");
  }
  return res;
}

// One thread logs entry k and flushes, `rounds` times; after each flush()
// the file must hold entry k and every one before it. (The flood above reads
// the file only after shutdown, which writes everything anyway: a flush that
// returns with an entry still on its way, in the queue or in the consumer's
// hands, is seen only here.)
template <class L>
Found flush_visible(unsigned rounds, const std::string& tag) {
  Found f;
  f.iterations = rounds;
  auto num = [](std::uint64_t v) { return std::to_string(v); };
  const std::string path = temp_log(tag + "-flush");
  {
    L logger(Config{.path = path, .capacity = 64});
    std::size_t offset = 0;
    std::string partial;  // a line the last read ended inside
    std::uint64_t seen = 0;
    for (std::uint64_t k = 0; k < rounds && !f.violated; ++k) {
      logger.log(Level::info, message(0, k, 24), Fields{k, k});
      logger.flush();
      std::ifstream in(path, std::ios::binary);
      in.seekg(static_cast<std::streamoff>(offset));
      std::stringstream chunk;
      chunk << in.rdbuf();
      partial += chunk.str();
      offset += chunk.str().size();
      std::size_t at = 0;
      for (std::size_t nl; (nl = partial.find('\n', at)) != std::string::npos; at = nl + 1)
        if (parse_line(std::string_view(partial).substr(at, nl - at), true).has_ps) ++seen;
      partial.erase(0, at);
      if (seen != k + 1)
        f.fail("flush() returned, and the file holds " + num(seen) + " of the " + num(k + 1) +
               " entries logged before it");
    }
    logger.shutdown();
  }
  std::remove(path.c_str());
  return f;
}

// Start, flush and shutdown raced against each other and against producers:
// two threads start() a paused logger, two log 400 entries each, two flush
// in a loop, and two shut it down while the producers still log. Nothing
// hangs (each round is bounded: 20 s), nothing crashes (one consumer, one
// join), and afterwards produced equals the calls made and delivered +
// dropped equals produced (entries refused after shutdown count as closed,
// 4 threads x 5,000 late calls in the first round among them); the file holds
// exactly `delivered` entries.
template <class L>
Found lifecycle(unsigned rounds, const std::string& tag) {
  Found f;
  auto num = [](std::uint64_t v) { return std::to_string(v); };
  for (unsigned r = 0; r < rounds && !f.violated; ++r) {
    const std::string path = temp_log(tag + "-life");
    constexpr unsigned kProducers = 2, kPer = 400;
    Counters c;
    {
      L logger(Config{
          .path = path, .capacity = 64, .sample_n = 4, .deadline = std::chrono::microseconds(200), .start = false});
      std::atomic<unsigned> finished{0};
      std::atomic<std::uint64_t> logged{0};
      verify::StartGate gate(8);
      auto wait_gate = [&] { gate.arrive(); };  // a timeout costs only overlap; the watchdog guards the round
      std::vector<std::thread> ts;
      for (int i = 0; i < 2; ++i) ts.emplace_back([&] { wait_gate(), logger.start(); });
      for (unsigned p = 0; p < kProducers; ++p)
        ts.emplace_back([&, p] {
          wait_gate();
          for (unsigned k = 0; k < kPer; ++k) {
            logger.log(Level::info, message(p, k, 24), {});
            logged.fetch_add(1);
          }
        });
      for (int i = 0; i < 2; ++i)
        ts.emplace_back([&] {
          wait_gate();
          for (int k = 0; k < 20; ++k) logger.flush();
        });
      for (int i = 0; i < 2; ++i)
        ts.emplace_back([&] {
          wait_gate();
          verify::eventually([&] { return logged.load() >= kPer / 2; });  // or shut down anyway
          logger.shutdown();
        });
      std::thread watchdog([&] {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (finished.load() < 1)
          if (std::chrono::steady_clock::now() > give_up) {
            std::fprintf(stderr, "lifecycle: round %u of %s hung (start, log, flush or shutdown never returned)\n", r,
                         tag.c_str());
            std::fflush(stderr);
            std::_Exit(1);
          } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
          }
      });
      for (auto& t : ts) t.join();
      if (r == 0) {  // once: threads refused together, each refusal counted
        std::vector<std::thread> late;
        for (int i = 0; i < 4; ++i)
          late.emplace_back([&] {
            for (int k = 0; k < 5000; ++k) logger.log(Level::info, "late", {});
          });
        for (auto& t : late) t.join();
      }
      finished.store(1);
      watchdog.join();
      c = logger.counters();
    }
    std::uint64_t in_file = 0;
    for (const auto& l : read_log(path)) in_file += l.whole && l.has_ps;
    std::remove(path.c_str());
    const std::uint64_t total = kProducers * kPer + (r == 0 ? 20000 : 0);
    ++f.iterations;
    if (c.produced != total)
      f.fail("round " + num(r) + ": produced " + num(c.produced) + ", " + num(total) + " calls");
    else if (c.delivered + c.dropped() != total)
      f.fail("round " + num(r) + ": delivered " + num(c.delivered) + " + dropped " + num(c.dropped()) +
             " != " + num(total));
    else if (in_file != c.delivered)
      f.fail("round " + num(r) + ": " + num(in_file) + " entries in the file, delivered " + num(c.delivered));
  }
  return f;
}

}  // namespace gauntlet::log::test
