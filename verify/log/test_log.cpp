// Unit tests of the log family: each overflow policy's exact counters and
// drop records on a logger whose consumer has not started (so the ring's
// state is known without timing), flush and shutdown, the record format, and
// the teeth of the stress and crash checks.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "impls/log/family.hpp"
#include "verify/common/bounded_wait.hpp"
#include "verify/log/checks.hpp"
#include "verify/log/crash_judge.hpp"
#include "verify/log/parse.hpp"

namespace gauntlet::log {
namespace {

using test::read_log;

struct Scan {
  std::vector<std::uint64_t> seqs;  // producer 0's, in file order
  std::map<std::string, std::uint64_t> drops;
  bool all_whole = true;
};

Scan scan(const std::string& path) {
  Scan s;
  for (const auto& l : read_log(path)) {
    s.all_whole = s.all_whole && l.whole;
    if (l.drop) s.drops[l.drop_cause] += l.drop_n;
    if (l.has_ps) s.seqs.push_back(l.seq);
  }
  return s;
}

template <class L>
Config paused(const std::string& tag) {
  return Config{.path = test::temp_log(tag),
                .capacity = 4,
                .sample_n = 3,
                .deadline = std::chrono::microseconds(100),
                .start = false};
}

template <class L>
void log_n(L& l, std::uint64_t from, std::uint64_t to) {
  for (std::uint64_t k = from; k < to; ++k) l.log(Level::info, test::message(0, k, 16), Fields{k, k});
}

using verify::eventually;  // verify/common/bounded_wait.hpp

TEST_CASE("drop-newest keeps the first entries and counts the rest as full", "[log]") {
  const Config c = paused<RingDropNewestLogger>("dn");
  RingDropNewestLogger l(c);
  log_n(l, 0, 10);
  l.start();
  l.flush();
  const Counters k = l.counters();
  CHECK(k.produced == 10);
  CHECK(k.delivered == 4);
  CHECK(k.dropped_full == 6);
  l.shutdown();
  Scan s = scan(c.path);
  CHECK(s.seqs == std::vector<std::uint64_t>{0, 1, 2, 3});
  CHECK(s.drops["full"] == 6);
  CHECK(s.all_whole);
  std::remove(c.path.c_str());
}

TEST_CASE("drop-oldest keeps the last entries and counts every eviction", "[log]") {
  const Config c = paused<RingDropOldestLogger>("do");
  RingDropOldestLogger l(c);
  log_n(l, 0, 10);
  l.start();
  l.flush();
  const Counters k = l.counters();
  CHECK(k.produced == 10);
  CHECK(k.delivered == 4);
  CHECK(k.dropped_evicted == 6);
  l.shutdown();
  Scan s = scan(c.path);
  CHECK(s.seqs == std::vector<std::uint64_t>{6, 7, 8, 9});
  CHECK(s.drops["evicted"] == 6);
  std::remove(c.path.c_str());
}

TEST_CASE("drop-oldest-uncounted loses evictions from the counters and the file", "[log]") {
  const Config c = paused<DropOldestUncountedLogger>("dou");
  DropOldestUncountedLogger l(c);
  log_n(l, 0, 10);
  l.start();
  l.flush();
  const Counters k = l.counters();
  CHECK(k.delivered + k.dropped() != k.produced);
  l.shutdown();
  CHECK(scan(c.path).drops.empty());
  std::remove(c.path.c_str());
}

TEST_CASE("sample keeps every N-th overflowing entry, blocking for it", "[log]") {
  const Config c = paused<RingSampleLogger>("sa");
  RingSampleLogger l(c);
  log_n(l, 0, 6);  // 4 fit; overflows 1 and 2 are dropped
  CHECK(l.counters().dropped_sampled == 2);
  std::atomic<bool> returned{false};
  std::thread third([&] {
    log_n(l, 6, 7);  // overflow 3: kept, so it waits for room
    returned = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  l.start();
  REQUIRE(eventually([&] { return returned.load(); }));
  third.join();
  l.flush();
  const Counters k = l.counters();
  CHECK(k.produced == 7);
  CHECK(k.delivered == 5);
  CHECK(k.dropped_sampled == 2);
  l.shutdown();
  Scan s = scan(c.path);
  CHECK(s.seqs == std::vector<std::uint64_t>{0, 1, 2, 3, 6});
  CHECK(s.drops["sampled"] == 2);
  std::remove(c.path.c_str());
}

TEST_CASE("deadline drops what finds the ring full past its deadline", "[log]") {
  const Config c = paused<RingDeadlineLogger>("dl");
  RingDeadlineLogger l(c);
  log_n(l, 0, 6);  // the consumer is not running: the 2 overflowing entries time out
  l.start();
  l.flush();
  const Counters k = l.counters();
  CHECK(k.produced == 6);
  CHECK(k.delivered == 4);
  CHECK(k.dropped_deadline == 2);
  l.shutdown();
  CHECK(scan(c.path).drops["deadline"] == 2);
  std::remove(c.path.c_str());
}

TEST_CASE("block waits for the consumer and loses nothing", "[log]") {
  Config c = paused<RingBlockLogger>("bl");
  RingBlockLogger l(c);
  std::thread producer([&] { log_n(l, 0, 100); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  l.start();
  producer.join();
  l.flush();
  CHECK(l.counters().delivered == 100);
  CHECK(l.counters().dropped() == 0);
  // flush alone (no shutdown) has every entry in the file
  CHECK(scan(c.path).seqs.size() == 100);
  l.shutdown();
  std::remove(c.path.c_str());
}

TEST_CASE("records are framed, carry the fields, and mark a cut message", "[log]") {
  Config c = paused<RingBlockLogger>("fmt");
  c.start = true;
  {
    RingBlockLogger l(c);
    l.log(Level::error, "m p=1 s=2 two\nlines", Fields{0xabc, 0xdef});
    l.log(Level::info, std::string(500, 'y'), {});
  }
  const auto lines = read_log(c.path);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].whole);
  CHECK(lines[0].trace == 0xabc);
  CHECK(lines[0].span == 0xdef);
  CHECK(lines[0].producer == 1);
  CHECK(lines[0].seq == 2);
  CHECK(lines[0].text.find("ERROR") != std::string::npos);
  CHECK(lines[0].text.find("two lines") != std::string::npos);
  CHECK(lines[1].whole);
  CHECK(lines[1].text.find("[cut from 500 bytes]") != std::string::npos);
  // a changed byte breaks the frame
  auto bad = test::parse_line(std::string(lines[0].text).replace(40, 1, "Z"), true);
  CHECK_FALSE(bad.whole);
  std::remove(c.path.c_str());
}

TEST_CASE("a record renders byte for byte: frame, time, level, ids, message", "[log]") {
  std::string out = "kept ";
  append_record(out, 18446744073709551615ull, Level::warn, Fields{0xabc, 0x1}, "a\r\nb\n");
  const std::string body = "18446744073709551615 WARN trace=0000000000000abc span=0000000000000001 a  b ";
  char frame[19];
  std::snprintf(frame, sizeof frame, "%08x %08x ", static_cast<unsigned>(body.size()), frame_hash(body));
  CHECK(out == "kept " + std::string(frame) + body + "\n");
  std::string zero;
  append_record(zero, 0, Level::info, {}, std::string_view{});  // null data, no bytes
  CHECK(zero.substr(18) == "0 INFO trace=0000000000000000 span=0000000000000000 \n");
  CHECK(test::parse_line(std::string_view(zero).substr(0, zero.size() - 1), true).whole);
}

TEST_CASE("the stress checks catch the known-bad variants", "[log]") {
  const test::Shape s{.producers = 4, .per_producer = 5000};
  auto seed = test::stress<SeedLogger>(s, "t-seed");
  CHECK(seed.accounting.violated);
  CHECK(seed.drop_records.violated);
  auto unc = test::stress<DropOldestUncountedLogger>(s, "t-unc");
  CHECK(unc.accounting.violated);
  CHECK(unc.drop_records.violated);
  auto ours = test::stress<RingDropOldestLogger>(s, "t-ours");
  CHECK_FALSE(ours.accounting.violated);
  CHECK_FALSE(ours.order.violated);
  CHECK_FALSE(ours.drop_records.violated);
}

// A logger whose flush() does not wait for its consumer.
struct NoWaitFlushLogger : RingBlockLogger {
  using RingBlockLogger::RingBlockLogger;
  void flush() {}
};

TEST_CASE("flush-visible catches a flush that does not wait for the consumer", "[log]") {
  const test::Found f = test::flush_visible<NoWaitFlushLogger>(200, "t-nowait");
  INFO(f.message);
  CHECK(f.violated);
  CHECK_THAT(f.message, Catch::Contains("entries logged before it"));
  CHECK_FALSE(test::flush_visible<RingBlockLogger>(200, "t-wait").violated);
}

// Writes a fake child's file and its accepted counts.
void fake(const std::string& path, const std::vector<std::string>& records, std::vector<std::uint64_t> accepted,
          bool torn_tail) {
  std::string all;
  for (const auto& r : records) append_record(all, 1, Level::info, {}, r);
  if (torn_tail) all += "0000003a 1234abcd 1 INFO trace";
  std::ofstream(path, std::ios::binary) << all;
  std::ofstream(path + ".accepted", std::ios::binary)
      .write(reinterpret_cast<const char*>(accepted.data()),
             static_cast<std::streamsize>(accepted.size() * sizeof(std::uint64_t)));
}

TEST_CASE("the crash judgement fails on a gap, a torn middle record, a lost accepted entry", "[log]") {
  const std::string path = test::temp_log("judge");
  const std::vector<std::string> good{test::message(0, 0, 8), test::message(1, 0, 8), test::message(0, 1, 8)};
  auto judged = [&](bool torn_ok, bool all) {
    test::Found f;
    test::judge_file(f, path, 2, torn_ok, all, "fake");
    return f;
  };
  fake(path, good, {2, 1}, false);
  CHECK_FALSE(judged(false, true).violated);
  fake(path, good, {2, 1}, true);  // torn last record: fine after SIGKILL only
  CHECK_FALSE(judged(true, false).violated);
  CHECK(judged(false, true).violated);
  fake(path, {test::message(0, 0, 8), test::message(0, 2, 8)}, {3, 0}, false);  // a gap
  CHECK(judged(true, false).violated);
  fake(path, good, {5, 1}, false);  // accepted but not written
  CHECK(judged(false, true).violated);
  CHECK_FALSE(judged(true, false).violated);
  std::string torn_middle;
  append_record(torn_middle, 1, Level::info, {}, test::message(0, 0, 8));
  torn_middle.resize(torn_middle.size() - 5);
  torn_middle += "\n";
  append_record(torn_middle, 1, Level::info, {}, test::message(0, 1, 8));
  std::ofstream(path, std::ios::binary) << torn_middle;
  CHECK(judged(true, false).violated);
  std::remove(path.c_str());
  std::remove((path + ".accepted").c_str());
}

}  // namespace
}  // namespace gauntlet::log
