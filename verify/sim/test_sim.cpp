// Unit tests of the simulator's parts: each is deterministic and does what it says.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "verify/sim/cli.hpp"
#include "verify/sim/sim.hpp"
#include "verify/sim/sweep.hpp"

using namespace gauntlet::sim;

TEST_CASE("the same seed gives the same random sequence", "[sim]") {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    auto x = a.next();
    REQUIRE(x == b.next());
    differs |= x != c.next();
  }
  REQUIRE(differs);
}

TEST_CASE("events run in time order, ties in scheduling order", "[sim]") {
  EventQueue q;
  std::vector<int> order;
  q.at(20, [&] { order.push_back(3); });
  q.at(10, [&] { order.push_back(1); });
  q.at(10, [&] {
    order.push_back(2);
    q.after(5, [&] { order.push_back(25); });
  });
  q.run_until(100);
  REQUIRE(order == std::vector<int>{1, 2, 25, 3});
  REQUIRE(q.now() == 100);
}

TEST_CASE("a crash loses unsynced writes and keeps synced ones", "[sim]") {
  Rng rng(1);
  Disk<int> d;
  d.write(1);
  d.write(2);
  d.sync();
  d.write(3);
  d.crash(rng, false);
  REQUIRE(d.durable() == std::vector<int>{1, 2});
  REQUIRE(d.lost() == 1);
}

TEST_CASE("a crash may keep a prefix of unsynced writes, never a gap", "[sim]") {
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    Rng rng(seed);
    Disk<int> d;
    d.write(0);
    d.sync();
    for (int i = 1; i <= 5; ++i) d.write(i);
    d.crash(rng, true);
    const auto& v = d.durable();
    for (std::size_t i = 0; i < v.size(); ++i) REQUIRE(v[i] == static_cast<int>(i));
  }
}

TEST_CASE("partitions and down endpoints stop messages; healing restores them", "[sim]") {
  EventQueue q;
  Rng rng(7);
  Trace trace;
  std::vector<std::pair<int, int>> got;
  Network<int> net(q, rng, trace, 3, [&](int from, int to, int&&) { got.emplace_back(from, to); });
  net.partition({0, 0, 1});
  net.send(0, 1, 0);
  net.send(0, 2, 0);
  q.run_until(sec);
  REQUIRE(got == std::vector<std::pair<int, int>>{{0, 1}});

  got.clear();
  net.heal();
  net.send(0, 2, 0);
  net.set_up(2, false);  // down while the message is in flight
  q.run_until(2 * sec);
  REQUIRE(got.empty());

  net.set_up(2, true);
  net.send(0, 2, 0);
  q.run_until(3 * sec);
  REQUIRE(got.size() == 1);
}

TEST_CASE("delays stay within the configured bounds", "[sim]") {
  EventQueue q;
  Rng rng(3);
  Trace trace;
  Network<int> net(q, rng, trace, 2, [](int, int, int&&) {});
  net.config().min_delay = 100;
  net.config().max_delay = 300;
  for (int i = 0; i < 1000; ++i) {
    auto d = net.delay();
    REQUIRE(d >= 100);
    REQUIRE(d <= 300);
  }
}

TEST_CASE("nemesis specs parse, print and reject nonsense", "[sim]") {
  std::string err;
  auto s = NemesisSpec::parse("crash,leader,every=200", err);
  REQUIRE(s);
  REQUIRE(s->faults == std::vector<Fault>{Fault::crash, Fault::leader});
  REQUIRE(s->every == 200 * ms);
  REQUIRE(NemesisSpec::parse(s->to_string(), err)->to_string() == s->to_string());
  REQUIRE(NemesisSpec::parse("all", err)->faults.size() == 6);
  REQUIRE(NemesisSpec::parse("none", err)->faults.empty());
  REQUIRE_FALSE(NemesisSpec::parse("meteor", err));
  REQUIRE(err.find("meteor") != std::string::npos);
  REQUIRE_FALSE(NemesisSpec::parse("every=soon", err));
}

namespace {
struct FakeCluster : NemesisTarget {
  explicit FakeCluster(Links& l) : links(l) {}
  Links& links;
  std::vector<bool> up = std::vector<bool>(5, true);
  int crashes = 0;
  int nodes() const override { return 5; }
  std::optional<int> leader() const override { return 0; }
  void crash(int n) override {
    up[n] = false;
    links.set_up(n, false);
    ++crashes;
  }
  void restart(int n) override {
    up[n] = true;
    links.set_up(n, true);
  }
  bool running(int n) const override { return up[n]; }
};
}  // namespace

TEST_CASE("the nemesis injects faults in its window and heals everything after", "[sim]") {
  EventQueue q;
  Rng rng(11);
  Trace trace;
  Network<int> net(q, rng, trace, 5, [](int, int, int&&) {});
  FakeCluster cluster(net);
  std::string err;
  Nemesis nemesis(q, rng, trace, net, cluster, *NemesisSpec::parse("all,every=100,window=2000", err));
  nemesis.start(0);
  q.run_until(3 * sec);
  REQUIRE(nemesis.injected() > 5);
  REQUIRE(nemesis.done());
  REQUIRE(nemesis.healed_at() == 2 * sec);
  for (int a = 0; a < 5; ++a) {
    REQUIRE(cluster.running(a));
    for (int b = 0; b < 5; ++b) REQUIRE(net.connected(a, b));
  }
  REQUIRE(net.config().drop == 0.0);
}

namespace {
struct FakeOptions {
  std::uint64_t seed = 0;
};
struct FakeOutcome {
  std::uint64_t seed = 0, faults = 1, ops = 2, indeterminate = 0, events = 3;
};
}  // namespace

TEST_CASE("a sweep visits FIRST..LAST once each, even when LAST is the largest seed", "[sim]") {
  const std::uint64_t top = std::numeric_limits<std::uint64_t>::max();
  SweepCounts counts;
  std::vector<std::uint64_t> seen;
  sweep_seeds(
      FakeOptions{}, top - 2, top, [](const FakeOptions& o) { return FakeOutcome{o.seed}; }, counts,
      [&](const FakeOutcome& r) {
        seen.push_back(r.seed);
        return true;
      });
  REQUIRE(seen == std::vector<std::uint64_t>{top - 2, top - 1, top});
  REQUIRE(counts.runs == 3);
  REQUIRE(counts.faults == 3);
  REQUIRE(counts.events == 9);

  seen.clear();
  sweep_seeds(
      FakeOptions{}, 1, 100, [](const FakeOptions& o) { return FakeOutcome{o.seed}; }, counts,
      [&](const FakeOutcome& r) {
        seen.push_back(r.seed);
        return r.seed < 4;
      });
  REQUIRE(seen == std::vector<std::uint64_t>{1, 2, 3, 4});  // stops at the first false
}

TEST_CASE("percentile picks by nearest rank and is 0 without samples", "[sim]") {
  REQUIRE(percentile({}, 0.5) == 0);
  REQUIRE(percentile({3, 1, 2, 4}, 0.5) == 3);
  REQUIRE(percentile({3, 1, 2, 4}, 1.0) == 4);
}

TEST_CASE("the shared command line reads the sweep options and hands on the protocol's own", "[sim]") {
  std::vector<std::string> words = {"prog", "--variant", "v", "--seeds", "3..7", "--ops", "9", "--nemesis", "crash"};
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  const cli::Parser parser("prog");
  std::uint64_t ops = 0;
  const cli::SweepArgs args = parser.parse(
      static_cast<int>(argv.size()), argv.data(), [] {}, [](const std::string& v) { return v == "v"; },
      [&](const std::string& option, const cli::Parser::Value& value) {
        if (option != "--ops") return false;
        ops = parser.number(value(), "--ops");
        return true;
      });
  REQUIRE(args.variant == "v");
  REQUIRE(args.first == 3);
  REQUIRE(args.last == 7);
  REQUIRE(ops == 9);
  REQUIRE(args.nemesis.has_value());
  REQUIRE(args.history_out.empty());
}
