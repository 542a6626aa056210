// Jepsen EDN histories, one map per line:
//   {:process 3, :type :invoke, :f :append, :key "9", :value "x 3 0 y"}
// Lines from a non-numeric process (Jepsen's :nemesis) become annotations.
#include <string>

#include "verify/lincheck/edn_value.hpp"
#include "verify/lincheck/parsers.hpp"
#include "verify/lincheck/text_lines.hpp"

namespace gauntlet::lincheck {
namespace {

std::string keyword(const nlohmann::json& map, const char* field, int line) {
  auto it = map.find(field);
  if (it == map.end()) throw HistoryError(std::string("missing :") + field, line);
  if (!it->is_string()) throw HistoryError(std::string(":") + field + " must be a keyword, got " + to_text(*it), line);
  return it->get<std::string>();
}

}  // namespace

RawHistory read_edn(std::string_view text) {
  EventPairer pairer;
  std::vector<Annotation> annotations;
  for_each_line(text, [&](std::string_view line, int number) {
    if (is_blank(line)) return;
    nlohmann::json map;
    try {
      std::size_t pos = 0;
      skip_edn_space(line, pos);
      if (pos < line.size() && line[pos] != '{') throw HistoryError("expected an EDN map '{...}' on each line", number);
      map = read_edn_value(line, pos);
      skip_edn_space(line, pos);
      if (pos != line.size())
        throw HistoryError("unexpected text after the map: '" + std::string(line.substr(pos)) + "'", number);
    } catch (const EdnError& err) {
      throw HistoryError(err.what, number);
    }
    auto process = map.find("process");
    if (process == map.end()) throw HistoryError("missing :process", number);
    std::optional<std::int64_t> time;
    if (auto t = map.find("time"); t != map.end()) {
      if (!t->is_number_integer()) throw HistoryError(":time must be an integer, got " + to_text(*t), number);
      time = t->get<std::int64_t>();
    }
    if (!process->is_number_integer()) {
      Annotation a;
      a.time = time ? *time : number;
      a.kind = process->is_string() ? process->get<std::string>() : "note";
      auto f = map.find("f");
      auto value = map.find("value");
      a.text = (f != map.end() ? to_text(*f) : std::string()) + (value != map.end() ? " " + to_text(*value) : "");
      annotations.push_back(std::move(a));
      return;
    }
    auto p = process->get<std::int64_t>();
    if (p < 0 || p > 1'000'000'000) throw HistoryError(":process must be a small non-negative integer", number);
    RawEvent e;
    e.line = number;
    e.client = static_cast<int>(p);
    e.type = keyword(map, "type", number);
    e.f = keyword(map, "f", number);
    if (auto k = map.find("key"); k != map.end()) e.key = *k;
    if (auto v = map.find("value"); v != map.end()) e.value = *v;
    e.time = time;
    pairer.add(e);
  });
  auto history = pairer.finish();
  history.annotations = std::move(annotations);
  return history;
}

}  // namespace gauntlet::lincheck
