#pragma once
// The Prometheus text format 0.0.4, written by every implementation of ours:
// `# HELP name text` (backslash and newline escaped), `# TYPE name type`,
// then one `name{labels} value` line per series, labels sorted by name with
// values escaped (backslash, double quote, newline); a histogram as
// `name_bucket{...,le="b"}` lines, cumulative, ending with le="+Inf", then
// `name_sum` and `name_count`. Every line, the last included, ends in '\n'.
// Also the input checks every implementation applies (bad input throws
// std::invalid_argument with a one-line message).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "impls/metrics/interface.hpp"

namespace gauntlet::metrics {

enum class Type { counter, gauge, histogram };

inline std::string_view type_name(Type t) {
  switch (t) {
    case Type::counter:
      return "counter";
    case Type::gauge:
      return "gauge";
    case Type::histogram:
      return "histogram";
  }
  return "untyped";
}

inline void append_escaped(std::string& out, std::string_view v, bool quote) {
  for (char ch : v) {
    if (ch == '\\')
      out += "\\\\";
    else if (ch == '\n')
      out += "\\n";
    else if (quote && ch == '"')
      out += "\\\"";
    else
      out += ch;
  }
}

inline void append_uint(std::string& out, std::uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// Go's ParseFloat (Prometheus) and Python's float() both read this form.
inline void append_double(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
  }
}

inline bool is_metric_name(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

inline bool is_label_name(std::string_view s) {
  return is_metric_name(s) && s.find(':') == std::string_view::npos && s.substr(0, 2) != "__";
}

inline void check_name(const std::string& name) {
  if (!is_metric_name(name)) throw std::invalid_argument("metrics: '" + name + "' is not a metric name");
}

// The labels sorted by name, checked; `le` refused on histograms.
inline Labels canonical(Labels labels, Type type) {
  std::sort(labels.begin(), labels.end());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!is_label_name(labels[i].first))
      throw std::invalid_argument("metrics: '" + labels[i].first + "' is not a label name");
    if (i > 0 && labels[i].first == labels[i - 1].first)
      throw std::invalid_argument("metrics: label '" + labels[i].first + "' given twice");
    if (type == Type::histogram && labels[i].first == "le")
      throw std::invalid_argument("metrics: 'le' is reserved on a histogram");
  }
  return labels;
}

inline void check_bounds(const Bounds& b) {
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (!std::isfinite(b[i])) throw std::invalid_argument("metrics: histogram bounds must be finite");
    if (i > 0 && !(b[i - 1] < b[i])) throw std::invalid_argument("metrics: histogram bounds must increase");
  }
}

// `a="x",b="y"`: sorted labels, rendered once per series.
inline std::string label_text(const Labels& sorted) {
  std::string out;
  for (const auto& [k, v] : sorted) {
    if (!out.empty()) out += ',';
    out += k;
    out += "=\"";
    append_escaped(out, v, /*quote=*/true);
    out += '"';
  }
  return out;
}

inline void append_header(std::string& out, std::string_view name, std::string_view help, Type t) {
  out += "# HELP ";
  out += name;
  out += ' ';
  append_escaped(out, help, /*quote=*/false);
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type_name(t);
  out += '\n';
}

// `name{labels}` or `name` (suffix appended to the name, `extra` appended to the labels).
inline void append_series(std::string& out, std::string_view name, std::string_view suffix, std::string_view labels,
                          std::string_view extra = {}) {
  out += name;
  out += suffix;
  if (!labels.empty() || !extra.empty()) {
    out += '{';
    out += labels;
    if (!labels.empty() && !extra.empty()) out += ',';
    out += extra;
    out += '}';
  }
  out += ' ';
}

// A histogram series: per-bucket counts (not cumulative; the last is above
// every bound), rendered cumulative.
inline void append_histogram(std::string& out, std::string_view name, std::string_view labels, const Bounds& bounds,
                             const std::uint64_t* buckets, double sum) {
  std::uint64_t running = 0;
  std::string le;
  for (std::size_t i = 0; i <= bounds.size(); ++i) {
    running += buckets[i];
    le = "le=\"";
    if (i < bounds.size())
      append_double(le, bounds[i]);
    else
      le += "+Inf";
    le += '"';
    append_series(out, name, "_bucket", labels, le);
    append_uint(out, running);
    out += '\n';
  }
  append_series(out, name, "_sum", labels);
  append_double(out, sum);
  out += '\n';
  append_series(out, name, "_count", labels);
  append_uint(out, running);
  out += '\n';
}

}  // namespace gauntlet::metrics
