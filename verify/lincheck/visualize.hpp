#pragma once
// The visualizer: one self-contained HTML page per history. One lane per
// client, each operation a bar from call to return, the linearization (or
// the longest partial ones) drawn over it, annotations on the same timeline.
// Every value from the history is escaped: a history cannot inject markup.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/raw_history.hpp"

namespace gauntlet::lincheck {

struct VisualOp {
  int client = 0;
  std::int64_t call = 0, ret = 0;  // ret == never: drawn to the end of the timeline
  bool indeterminate = false;
  std::string description;
  std::string partition;
};

struct VisualStep {
  std::size_t op;     // index into Visual::ops
  std::string state;  // the model state after it
};

struct VisualLinearization {
  std::string partition;
  bool complete = false;  // false: a longest partial linearization
  std::vector<VisualStep> steps;
};

struct Visual {
  std::string title;
  std::string model;
  Verdict verdict = Verdict::unknown;
  std::vector<VisualOp> ops;
  std::vector<VisualLinearization> linearizations;
  std::vector<Annotation> annotations;
};

// Escapes text for HTML element content and attribute values.
std::string html_escape(std::string_view text);

// The page. Its data is embedded as JSON with '<', '>' and '&' escaped, so no
// value can close the script element; the page's script inserts it as text only.
std::string render_html(const Visual& visual);

// Builds the picture of a checked history. The states along each
// linearization are recomputed with the model (the first successor that
// continues it).
template <class Model>
Visual make_visual(const Model& model, const std::vector<Operation<typename Model::Input, typename Model::Output>>& ops,
                   const CheckResult& result, std::string title) {
  Visual v;
  v.title = std::move(title);
  v.model = std::string(Model::name);
  v.verdict = result.verdict;
  std::vector<std::string> partition_of(ops.size());
  for (const auto& p : result.partitions)
    for (auto i : p.ops) partition_of[i] = p.key;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const auto& op = ops[i];
    v.ops.push_back({op.client, op.call, op.indeterminate ? never : op.ret, op.indeterminate,
                     model.describe_operation(op.input, op.output, op.indeterminate), partition_of[i]});
  }
  for (const auto& p : result.partitions) {
    for (const auto& order : p.linearizations) {
      VisualLinearization lin{p.key, p.verdict == Verdict::linearizable, {}};
      std::vector<typename Model::State> frontier{model.init()};
      for (auto i : order) {
        std::vector<typename Model::State> next;
        for (const auto& s : frontier) {
          auto succ = ops[i].indeterminate ? model.step_indeterminate(s, ops[i].input)
                                           : model.step(s, ops[i].input, ops[i].output);
          for (const auto& n : succ)
            if (next.size() < 8) next.push_back(n);
        }
        if (next.empty()) break;
        frontier = std::move(next);
        lin.steps.push_back({i, model.describe_state(frontier.front())});
      }
      v.linearizations.push_back(std::move(lin));
    }
  }
  return v;
}

}  // namespace gauntlet::lincheck
