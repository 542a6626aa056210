// What every member of the detector family must do, over the family list or,
// in an adopt build, the adopted class alone: a recorder keeps each node's
// exact count and largest time under real threads (run under TSan too), and
// an older time never lowers it; a detector trusts a node it never heard of.
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "impls/detector/family.hpp"

using namespace gauntlet;
using namespace gauntlet::detector;

namespace {
using Recorders = keep_if<is_recorder, verified_implementations>;
using Detectors = keep_if<is_detector, verified_implementations>;
}  // namespace

TEST_CASE("a recorder keeps each node's count and largest time", "[detector]") {
  for_each_type(Recorders{}, [&]<class R>() {
    INFO(R::name);
    constexpr unsigned threads = 4, nodes = 3, rounds = 20000;
    R rec(nodes);
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
  });
}

TEST_CASE("an older time never lowers last_seen", "[detector]") {
  for_each_type(Recorders{}, [&]<class R>() {
    INFO(R::name);
    R rec(1);
    rec.record(0, 100);
    rec.record(0, 50);
    CHECK(rec.last_seen(0) == 100);
    CHECK(rec.count(0) == 2);
  });
}

TEST_CASE("an unknown node is trusted by every detector", "[detector]") {
  for_each_type(Detectors{}, [&]<class D>() {
    INFO(D::name);
    D d(D::default_knob);
    d.tick(10 * seconds);
    CHECK_FALSE(d.suspect(7, 10 * seconds));
  });
}
