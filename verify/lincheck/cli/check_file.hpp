#pragma once
// Checking one file against one model: read, type, check, and optionally draw.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/parsers.hpp"
#include "verify/lincheck/reading.hpp"
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
  int repeat = 0;            // warm runs timed after the first
  double median_millis = 0;  // their median search time
  std::string reading;       // how :fail and nil reads were read: "fail jepsen, nil-read unknown"
};

struct Settings {
  std::optional<Format> format;
  CheckOptions options;
  std::string visualize;                  // output path for this file, empty for none
  std::optional<FailMeaning> fail;        // default: default_fail_meaning(format)
  std::optional<nlohmann::json> initial;  // register models' initial value
  std::optional<NilRead> nil_read;        // default: default_nil_read(format, initial given)
  bool independent = false;               // values are jepsen.independent [key value] tuples
  int repeat = 0;                         // time the search this many more times, warm
};

// The register models' reading options; other models take none.
template <class Model>
void apply_register_reading(Model& model, const Settings& s, NilRead nil) {
  if constexpr (requires { model.inner; }) {
    apply_register_reading(model.inner, s, nil);
  } else if constexpr (requires { model.nil_unknown; }) {
    model.nil_unknown = nil == NilRead::unknown;
    if (s.initial) model.set_initial(*s.initial);
  } else if (s.initial || s.nil_read) {
    throw HistoryError("--initial-value and --nil-read apply to the register models only, not " +
                       std::string(Model::name));
  }
}

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
  FailMeaning fail = s.fail ? *s.fail : default_fail_meaning(format);
  apply_fail_meaning(raw, fail);
  if (s.independent) split_independent(raw);
  Model model = configured_model<Model>(raw);
  NilRead nil = s.nil_read ? *s.nil_read : default_nil_read(format, s.initial.has_value());
  apply_register_reading(model, s, nil);
  out.reading = "fail " + std::string(to_string(fail)) + ", nil-read " + std::string(to_string(nil));
  auto typed = to_typed(raw, model);
  out.operations = typed.ops.size();
  CheckResult r = check<Model>(typed.ops, s.options, model);
  if (s.repeat > 0) {  // warm: the same check again, its search time only
    std::vector<double> times;
    for (int i = 0; i < s.repeat; ++i)
      times.push_back(
          std::chrono::duration<double, std::milli>(check<Model>(typed.ops, s.options, model).elapsed).count());
    std::sort(times.begin(), times.end());
    out.repeat = s.repeat;
    out.median_millis =
        times.size() % 2 ? times[times.size() / 2] : (times[times.size() / 2 - 1] + times[times.size() / 2]) / 2;
  }
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
