// Jepsen's log lines, as in the etcd histories:
//   INFO  jepsen.util - 4	:invoke	:read	nil
// Fields may be separated by tabs or runs of spaces (Porcupine's etcd_100 to
// etcd_102), and a whole Jepsen log is read too: lines that are not operations
// (test start, client setup, other loggers) are skipped, and the nemesis's
// operations become annotations.
#include <cctype>
#include <optional>
#include <string>

#include "verify/lincheck/edn_value.hpp"
#include "verify/lincheck/parsers.hpp"
#include "verify/lincheck/text_lines.hpp"

namespace gauntlet::lincheck {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view skip_space(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  return s;
}

// The next whitespace-separated field; `rest` moves past it.
std::string_view next_field(std::string_view& rest) {
  rest = skip_space(rest);
  std::size_t end = 0;
  while (end < rest.size() && !is_space(rest[end])) ++end;
  auto field = rest.substr(0, end);
  rest.remove_prefix(end);
  return field;
}

bool is_integer(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// Where an operation's fields start, or nothing when the line is not an
// operation: `... jepsen.util - <process> :<type> ...` (older Jepsen),
// `... jepsen.util <process> :<type> ...` (Jepsen 0.1), or a bare
// `<process> :<type> ...`. A jepsen.util line whose second field is a keyword
// is an operation, so a bad process there is an error, not a skipped line.
std::optional<std::string_view> operation_fields(std::string_view line) {
  std::string_view rest;
  auto at = line.find("jepsen.util");
  if (at != std::string_view::npos) {
    rest = skip_space(line.substr(at + 11));
    if (!rest.empty() && (rest.front() == '-' || rest.front() == ':') && (rest.size() == 1 || is_space(rest[1])))
      rest.remove_prefix(1);
  } else {
    rest = line;
  }
  std::string_view probe = rest;
  auto process = next_field(probe);
  auto type = next_field(probe);
  if (type.size() < 2 || type.front() != ':') return std::nullopt;
  if (at == std::string_view::npos && !is_integer(process) && process.front() != ':') return std::nullopt;
  return rest;
}

}  // namespace

RawHistory read_etcd_log(std::string_view text) {
  EventPairer pairer;
  std::vector<Annotation> annotations;
  int first = 0, operations = 0;
  for_each_line(text, [&](std::string_view line, int number) {
    if (is_blank(line)) return;
    if (!first) first = number;
    auto fields = operation_fields(line);
    if (!fields) return;  // another logger's line, or jepsen.util saying something else
    ++operations;
    std::string_view rest = *fields;
    auto process = next_field(rest);
    auto type = next_field(rest);
    auto f = next_field(rest);
    if (process.front() == ':') {  // :nemesis: a fault on the timeline
      Annotation a;
      a.time = pairer.next_time();
      a.kind = std::string(process.substr(1));
      a.text = std::string(type.substr(1)) + " " + std::string(f) + std::string(rest);
      annotations.push_back(std::move(a));
      return;
    }
    if (!is_integer(process) || process.size() > 9)
      throw HistoryError("the process must be a small non-negative integer, got '" + std::string(process) + "'",
                         number);
    if (f.size() < 2 || f.front() != ':')
      throw HistoryError("the function must be a keyword like :read, got '" + std::string(f) + "'", number);
    RawEvent e;
    e.line = number;
    e.client = std::stoi(std::string(process));
    e.type = std::string(type.substr(1));
    e.f = std::string(f.substr(1));
    std::size_t pos = static_cast<std::size_t>(rest.data() - line.data());
    try {
      if (skip_space(rest).empty()) throw HistoryError("missing the value after :" + e.f, number);
      e.value = read_edn_value(line, pos);
    } catch (const EdnError& err) {
      throw HistoryError(err.what, number);
    }
    // Jepsen writes an operation's :error as a fifth, tab-separated field.
    std::string_view after = line.substr(pos);
    std::string_view tail = skip_space(after);
    if (!tail.empty() && after.substr(0, after.size() - tail.size()).find('\t') == std::string_view::npos)
      throw HistoryError("unexpected text after the value: '" + std::string(tail) + "'", number);
    pairer.add(e);
  });
  if (!first) throw HistoryError("the file is empty: no history to check", 0);
  if (!operations)
    throw HistoryError("no Jepsen operation lines ('INFO  jepsen.util - <process>\\t:<type>\\t:<f>\\t<value>')", first);
  auto history = pairer.finish();
  history.annotations = std::move(annotations);
  return history;
}

}  // namespace gauntlet::lincheck
