#pragma once
// A reader of the text format's sample lines, for the checks: each
// `name{k="v",...} value` line as (name, labels sorted, value); comment and
// empty lines skipped. Label values are unescaped (\\, \", \n). A line it
// cannot read is returned with `bad` set, so that the checks can say which.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "impls/metrics/interface.hpp"

namespace gauntlet::metrics::test {

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
  bool bad = false;
  std::string line;
};

inline Sample parse_line(std::string_view line) {
  Sample s;
  s.line = std::string(line);
  std::size_t i = 0;
  while (i < line.size() && line[i] != '{' && line[i] != ' ') s.name += line[i++];
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (i < line.size() && line[i] != '}') {
      std::string k, v;
      while (i < line.size() && line[i] != '=') k += line[i++];
      if (i + 1 >= line.size() || line[i + 1] != '"') return s.bad = true, s;
      i += 2;
      while (i < line.size() && line[i] != '"') {
        if (line[i] == '\\' && i + 1 < line.size()) {
          const char e = line[++i];
          v += e == 'n' ? '\n' : e;
        } else {
          v += line[i];
        }
        ++i;
      }
      if (i >= line.size()) return s.bad = true, s;
      ++i;  // closing quote
      s.labels.emplace_back(std::move(k), std::move(v));
      if (i < line.size() && line[i] == ',') ++i;
    }
    if (i >= line.size()) return s.bad = true, s;
    ++i;
  }
  if (i >= line.size() || line[i] != ' ') return s.bad = true, s;
  const std::string num(line.substr(i + 1));
  char* end = nullptr;
  s.value = std::strtod(num.c_str(), &end);
  if (num.empty() || *end != '\0') s.bad = true;
  std::sort(s.labels.begin(), s.labels.end());
  return s;
}

inline std::vector<Sample> parse(std::string_view text) {
  std::vector<Sample> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line[0] != '#') out.push_back(parse_line(line));
    start = nl + 1;
  }
  return out;
}

// The samples named `name` (e.g. "requests_total", "latency_bucket").
inline std::vector<Sample> samples_of(const std::vector<Sample>& all, std::string_view name) {
  std::vector<Sample> out;
  for (const auto& s : all)
    if (s.name == name) out.push_back(s);
  return out;
}

}  // namespace gauntlet::metrics::test
