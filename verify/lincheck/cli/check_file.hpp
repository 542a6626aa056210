#pragma once
// Checking one file against one model: read, type, check, and optionally draw.
#include <chrono>
#include <fstream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/parsers.hpp"
#include "verify/lincheck/typed_history.hpp"
#include "verify/lincheck/visualize.hpp"

namespace gauntlet::lincheck::cli {

struct FileOutcome {
  std::string file;
  std::optional<Verdict> verdict;  // empty: bad input
  std::size_t operations = 0;
  double millis = 0;
  std::string detail;  // why unknown, where it got stuck, or what is wrong with the input
  std::uint64_t states = 0;
  std::size_t peak_memory = 0;
};

struct Settings {
  std::optional<Format> format;
  CheckOptions options;
  std::string visualize;  // output path for this file, empty for none
};

// "longest partial linearization: 37 of 80 operations (key "3")".
inline std::string where_stuck(const CheckResult& r) {
  for (const auto& p : r.partitions) {
    if (p.verdict != Verdict::not_linearizable) continue;
    std::size_t best = p.linearizations.empty() ? 0 : p.linearizations.front().size();
    return "longest partial linearization: " + std::to_string(best) + " of " + std::to_string(p.ops.size()) +
           " operations" + (p.key.empty() ? "" : " (key " + to_text(nlohmann::json(p.key)) + ")");
  }
  return {};
}

template <class Model>
FileOutcome check_text(const std::string& file, std::string_view text, const Settings& s) {
  FileOutcome out;
  out.file = file;
  Format format = s.format ? *s.format : detect_format(text);
  RawHistory raw = read_history(text, format);
  if (!raw.model.empty() && raw.model != Model::name)
    throw HistoryError("the history is for model '" + raw.model + "', not '" + std::string(Model::name) + "'", 1);
  Model model = configured_model<Model>(raw);
  auto typed = to_typed(raw, model);
  out.operations = typed.ops.size();
  CheckResult r = check<Model>(typed.ops, s.options, model);
  out.verdict = r.verdict;
  out.millis = std::chrono::duration<double, std::milli>(r.elapsed).count();
  out.states = r.states_explored;
  out.peak_memory = r.peak_memory_bytes;
  if (r.verdict == Verdict::unknown) out.detail = r.reason;
  if (r.verdict == Verdict::not_linearizable) out.detail = where_stuck(r);
  if (!s.visualize.empty()) {
    Visual v = make_visual(model, typed.ops, r, file);
    v.annotations = raw.annotations;
    std::ofstream html(s.visualize, std::ios::binary);
    html << render_html(v);
    if (!html.flush()) throw std::runtime_error("cannot write " + s.visualize);
  }
  return out;
}

}  // namespace gauntlet::lincheck::cli
