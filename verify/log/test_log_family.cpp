// What every logger must do, over the family list or, in an adopt build, the
// adopted class alone: under a flood its counters add up to the calls made
// and to the file, each producer's entries keep their order (all of them
// under the block policy), its drop records account for what is missing
// (where it writes them); after a flush the file holds every entry logged
// before it; after shutdown a call is refused and counted as closed; start,
// flush and shutdown from several threads at once neither hang nor lose
// count. The known-bad loggers are caught by the stress check
// in test_log.cpp.
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "impls/log/family.hpp"
#include "verify/log/checks.hpp"
#include "verify/log/parse.hpp"

namespace gauntlet::log {
namespace {

TEST_CASE("a flooded logger's counters add up and each producer's order holds", "[log][stress]") {
  for_each_type(verified_implementations{}, [&]<class L>() {
    if constexpr (L::kind != Kind::known_bad) {
      const auto r = test::stress<L>(test::Shape{.producers = 4, .per_producer = 5000}, "fam-" + std::string(L::name));
      INFO(L::name << ": " << r.accounting.message << r.order.message << r.drop_records.message);
      CHECK_FALSE(r.accounting.violated);
      CHECK_FALSE(r.order.violated);
      if constexpr (L::drop_records) CHECK_FALSE(r.drop_records.violated);
    }
  });
}

TEST_CASE("after shutdown a log call is refused and counted as closed", "[log]") {
  for_each_type(verified_implementations{}, [&]<class L>() {
    if constexpr (L::kind != Kind::known_bad) {
      INFO(L::name);
      const std::string path = test::temp_log("fam-closed-" + std::string(L::name));
      {
        L l(Config{.path = path, .capacity = 64});
        for (std::uint64_t k = 0; k < 3; ++k) REQUIRE(l.log(Level::info, test::message(0, k, 16), Fields{k, k}));
        l.shutdown();
        CHECK_FALSE(l.log(Level::warn, "late", {}));
        const Counters c = l.counters();
        CHECK(c.produced == 4);
        CHECK(c.delivered == 3);
        CHECK(c.dropped_closed == 1);
      }
      std::size_t entries = 0;
      for (const auto& line : test::read_log(path)) entries += line.has_ps ? 1 : 0;
      CHECK(entries == 3);
      std::remove(path.c_str());
    }
  });
}

TEST_CASE("after flush() the file holds every entry logged before it", "[log]") {
  for_each_type(verified_implementations{}, [&]<class L>() {
    if constexpr (L::kind != Kind::known_bad) {
      const test::Found f = test::flush_visible<L>(200, "fam-" + std::string(L::name));
      INFO(L::name << ": " << f.message);
      CHECK_FALSE(f.violated);
    }
  });
}

TEST_CASE("start, flush and shutdown from several threads at once", "[log][stress]") {
  for_each_type(verified_implementations{}, [&]<class L>() {
    // spdlog's overrun counter also counts the flush messages it overwrites (verify_log: not promised).
    if constexpr (L::kind != Kind::known_bad && !(L::kind == Kind::peer && L::overflow == Overflow::drop_oldest)) {
      const test::Found f = test::lifecycle<L>(3, "fam-" + std::string(L::name));
      INFO(L::name << ": " << f.message);
      CHECK_FALSE(f.violated);
    }
  });
}

}  // namespace
}  // namespace gauntlet::log
