// Jepsen's log lines, as in the etcd histories:
//   INFO  jepsen.util - 4	:invoke	:read	nil
#include <string>

#include "verify/lincheck/edn_value.hpp"
#include "verify/lincheck/parsers.hpp"
#include "verify/lincheck/text_lines.hpp"

namespace gauntlet::lincheck {
namespace {

constexpr const char* expected = "expected 'INFO  jepsen.util - <process>\\t:<type>\\t:<f>\\t<value>'";

RawEvent parse_line(std::string_view line, int number) {
  auto dash = line.find(" - ");
  std::string_view rest = dash == std::string_view::npos ? line : line.substr(dash + 3);
  std::string_view fields[4];
  for (int i = 0; i < 4; ++i) {
    auto tab = i < 3 ? rest.find('\t') : std::string_view::npos;
    if (i < 3 && tab == std::string_view::npos) throw HistoryError(expected, number);
    fields[i] = rest.substr(0, tab);
    rest = tab == std::string_view::npos ? std::string_view() : rest.substr(tab + 1);
  }
  RawEvent e;
  e.line = number;
  std::size_t pos = 0;
  try {
    auto process = read_edn_value(fields[0], pos);
    if (!process.is_number_integer() || process.get<std::int64_t>() < 0 || process.get<std::int64_t>() > 1'000'000'000)
      throw HistoryError("the process must be a small non-negative integer, got '" + std::string(fields[0]) + "'",
                         number);
    e.client = process.get<int>();
    for (int i : {1, 2}) {
      if (fields[i].size() < 2 || fields[i][0] != ':')
        throw HistoryError(std::string(i == 1 ? "the type" : "the function") + " must be a keyword like " +
                               (i == 1 ? ":invoke" : ":read") + ", got '" + std::string(fields[i]) + "'",
                           number);
    }
    e.type = std::string(fields[1].substr(1));
    e.f = std::string(fields[2].substr(1));
    pos = 0;
    e.value = read_edn_value(fields[3], pos);
    skip_edn_space(fields[3], pos);
    if (pos != fields[3].size())
      throw HistoryError("unexpected text after the value: '" + std::string(fields[3].substr(pos)) + "'", number);
  } catch (const EdnError& err) {
    throw HistoryError(err.what, number);
  }
  return e;
}

}  // namespace

RawHistory read_etcd_log(std::string_view text) {
  EventPairer pairer;
  for_each_line(text, [&](std::string_view line, int number) {
    if (is_blank(line)) return;
    pairer.add(parse_line(line, number));
  });
  return pairer.finish();
}

}  // namespace gauntlet::lincheck
