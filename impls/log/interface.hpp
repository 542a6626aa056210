#pragma once
// The log family's interface: many threads log(level, message, fields); a
// background consumer formats the entries and writes them to a file.
//
//   L logger(Config{.path = "x.log", .capacity = 4096});
//   logger.log(Level::info, "message", Fields{trace, span});   // true: accepted
//   logger.flush();      // every entry accepted before it is written
//   logger.shutdown();   // the same, then refuse later calls and join
//   Counters c = logger.counters();
//
// Every logger states its overflow policy (L::overflow) and whether it writes
// drop records into the log (L::drop_records). After a flush with no
// producer running, counters() is exact: produced == delivered + dropped().
#include <concepts>
#include <string_view>

#include "impls/log/record.hpp"

namespace gauntlet::log {

template <class L>
concept Logger = requires(L& l, const L& cl, Level lv, std::string_view m, const Fields& f, const Config& c) {
  L(c);
  { l.log(lv, m, f) } -> std::same_as<bool>;
  l.start();
  l.flush();
  l.shutdown();
  { cl.counters() } -> std::same_as<Counters>;
  { L::overflow } -> std::convertible_to<Overflow>;
  { L::drop_records } -> std::convertible_to<bool>;
};

}  // namespace gauntlet::log
