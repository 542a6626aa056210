#pragma once
// What every parser fuzz target does with an input: parse it; if it parses,
// give it each model's types and check it under a small budget. Bad input
// must end in HistoryError, nothing else.
#include <chrono>
#include <string_view>

#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/models/all.hpp"
#include "verify/lincheck/models/independent.hpp"
#include "verify/lincheck/parsers.hpp"
#include "verify/lincheck/reading.hpp"
#include "verify/lincheck/typed_history.hpp"
#include "verify/lincheck/visualize.hpp"

namespace gauntlet::lincheck::fuzz {

template <class Model, class Tweak>
void type_and_check(const RawHistory& raw, Tweak&& tweak) {
  try {
    Model model = configured_model<Model>(raw);
    tweak(model);
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

template <class Model>
void type_and_check(const RawHistory& raw) {
  type_and_check<Model>(raw, [](Model&) {});
}

template <class... Ms>
void type_and_check_all(const RawHistory& raw, models::model_list<Ms...>) {
  (type_and_check<Ms>(raw), ...);
}

// The other readings of the same input: Jepsen's :fail, jepsen.independent
// tuples, and the register models' initial value with nil read as unknown.
inline void other_readings(const RawHistory& raw) {
  auto registers = [](auto& m) {
    m.nil_unknown = true;
    m.set_initial(0);
  };
  type_and_check<models::CasRegister>(raw, registers);
  type_and_check<models::MultiRegister>(raw, registers);
  RawHistory jepsen = raw;
  apply_fail_meaning(jepsen, FailMeaning::jepsen);
  try {
    split_independent(jepsen);
  } catch (const HistoryError&) {
    return;
  }
  type_and_check<models::Independent<models::CasRegister>>(jepsen);
  type_and_check<models::Independent<models::Mutex>>(jepsen);
  type_and_check<models::Independent<models::Kv>>(jepsen);
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
  if (raw.operations.size() > 32) return;
  type_and_check_all(raw, models::all{});
  other_readings(raw);
}

}  // namespace gauntlet::lincheck::fuzz
