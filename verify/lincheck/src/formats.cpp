#include <optional>
#include <string>

#include "verify/lincheck/parsers.hpp"
#include "verify/lincheck/text_lines.hpp"

namespace gauntlet::lincheck {

std::string_view to_string(Format f) {
  switch (f) {
    case Format::etcd_log:
      return "etcd-log";
    case Format::edn:
      return "edn";
    case Format::json:
      return "json";
  }
  return "?";
}

bool parse_format_name(std::string_view name, Format& out) {
  for (Format f : {Format::etcd_log, Format::edn, Format::json})
    if (name == to_string(f)) {
      out = f;
      return true;
    }
  return false;
}

// The first line that is neither blank nor a `;` comment decides: `{"` json;
// `{:`, `{`, `[` or `(` edn (Jepsen's maps, Knossos's vector or list of them);
// a Jepsen log line etcd-log. A whole Jepsen log may open with other loggers'
// lines, so failing that, any jepsen.util line further down means etcd-log.
Format detect_format(std::string_view text) {
  std::optional<Format> found;
  int first = 0;
  bool jepsen_util = false;
  for_each_line(text, [&](std::string_view line, int number) {
    if (found || is_blank(line)) return;
    std::string_view rest = line.substr(line.find_first_not_of(" \t"));
    if (first) {
      jepsen_util |= rest.find("jepsen.util") != std::string_view::npos;
      return;
    }
    if (rest.front() == ';') return;
    first = number;
    if (rest.front() == '{') {
      auto next = rest.find_first_not_of(" \t", 1);
      found = next != std::string_view::npos && rest[next] == '"' ? Format::json : Format::edn;
    } else if (rest.front() == '[' || rest.front() == '(') {
      found = Format::edn;
    } else if (rest.find("jepsen.util") != std::string_view::npos || rest.find("\t:") != std::string_view::npos) {
      found = Format::etcd_log;
    }
  });
  if (found) return *found;
  if (jepsen_util) return Format::etcd_log;
  if (!first) throw HistoryError("the file is empty: no history to check", 0);
  throw HistoryError("cannot recognise the format (etcd-log, edn or json); give --format", first);
}

RawHistory read_history(std::string_view text, Format format) {
  switch (format) {
    case Format::etcd_log:
      return read_etcd_log(text);
    case Format::edn:
      return read_edn(text);
    case Format::json:
      return read_json_history(text);
  }
  return {};
}

}  // namespace gauntlet::lincheck
