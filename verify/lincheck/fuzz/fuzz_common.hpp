#pragma once
// What every parser fuzz target does with an input: parse it; if it parses,
// give it each model's types and check it under a small budget. Bad input
// must end in HistoryError, nothing else.
#include <chrono>
#include <string_view>

#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/models/all.hpp"
#include "verify/lincheck/parsers.hpp"
#include "verify/lincheck/typed_history.hpp"
#include "verify/lincheck/visualize.hpp"

namespace gauntlet::lincheck::fuzz {

template <class Model>
void type_and_check(const RawHistory& raw) {
  try {
    Model model = configured_model<Model>(raw);
    auto typed = to_typed(raw, model);
    CheckOptions options;
    options.timeout = std::chrono::milliseconds(10);
    options.memory_budget_bytes = 16 << 20;
    options.threads = 1;
    auto result = check<Model>(typed.ops, options, model);
    render_html(make_visual(model, typed.ops, result, "fuzz"));
  } catch (const HistoryError&) {
  }
}

template <class... Ms>
void type_and_check_all(const RawHistory& raw, models::model_list<Ms...>) {
  (type_and_check<Ms>(raw), ...);
}

template <class Read>
void exercise(std::string_view text, Read&& read) {
  RawHistory raw;
  try {
    raw = read(text);
    to_json_history(raw);
  } catch (const HistoryError&) {
    return;
  }
  if (raw.operations.size() <= 32) type_and_check_all(raw, models::all{});
}

}  // namespace gauntlet::lincheck::fuzz
