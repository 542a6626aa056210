// The recorders under real threads (run under TSan too): counts exact and
// last_seen the maximum once the writers are joined.
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "impls/detector/family.hpp"

using namespace gauntlet::detector;

TEMPLATE_TEST_CASE("a recorder keeps each node's count and largest time", "", MutexRecorder, AtomicRecorder) {
  constexpr unsigned threads = 4, nodes = 3, rounds = 20000;
  TestType rec(nodes);
  std::vector<std::thread> ws;
  for (unsigned w = 0; w < threads; ++w)
    ws.emplace_back([&, w] {
      for (unsigned i = 0; i < rounds; ++i) rec.record(i % nodes, static_cast<micros>(rounds - i) * threads + w);
    });
  for (auto& t : ws) t.join();
  for (node_id n = 0; n < nodes; ++n) {
    CHECK(rec.count(n) == threads * ((rounds - n + nodes - 1) / nodes));
    CHECK(rec.last_seen(n) == static_cast<micros>(rounds - n) * threads + threads - 1);
  }
}

TEMPLATE_TEST_CASE("an older time never lowers last_seen", "", MutexRecorder, AtomicRecorder) {
  TestType rec(1);
  rec.record(0, 100);
  rec.record(0, 50);
  CHECK(rec.last_seen(0) == 100);
  CHECK(rec.count(0) == 2);
}
