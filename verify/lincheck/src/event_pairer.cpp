#include "verify/lincheck/raw_history.hpp"

#include <algorithm>

namespace gauntlet::lincheck {

void EventPairer::add(const RawEvent& e) {
  std::int64_t time = e.time ? *e.time : next_time_;
  next_time_ = std::max(next_time_, time) + 1;
  auto open = std::find_if(open_.begin(), open_.end(), [&](const auto& o) { return o.first == e.client; });
  auto& ops = history_.operations;
  if (e.type == "invoke") {
    if (open != open_.end())
      throw HistoryError("process " + std::to_string(e.client) + " invokes again while its invoke at line " +
                             std::to_string(ops[open->second].call_line) + " has not completed",
                         e.line);
    RawOperation op;
    op.client = e.client;
    op.f = e.f;
    op.key = e.key;
    op.input = e.value;
    op.call = time;
    op.call_line = e.line;
    open_.emplace_back(e.client, ops.size());
    ops.push_back(std::move(op));
    return;
  }
  Status status;
  if (e.type == "ok")
    status = Status::ok;
  else if (e.type == "fail")
    status = Status::fail;
  else if (e.type == "info")
    status = Status::info;
  else
    throw HistoryError("unknown event type '" + e.type + "' (expected invoke, ok, fail or info)", e.line);
  if (open == open_.end())
    throw HistoryError(":" + e.type + " for process " + std::to_string(e.client) + " which has no outstanding invoke",
                       e.line);
  RawOperation& op = ops[open->second];
  if (op.f != e.f)
    throw HistoryError(
        "completion :" + e.f + " does not match the invoke :" + op.f + " at line " + std::to_string(op.call_line),
        e.line);
  if (!e.key.is_null() && !op.key.is_null() && e.key != op.key)
    throw HistoryError("completion key " + to_text(e.key) + " does not match the invoke's key " + to_text(op.key) +
                           " at line " + std::to_string(op.call_line),
                       e.line);
  if (time < op.call)
    throw HistoryError(
        "completion time " + std::to_string(time) + " is before its invoke's time " + std::to_string(op.call), e.line);
  op.status = status;
  op.output = e.value;
  op.ret_line = e.line;
  // Indeterminate: it may take effect at any time after its call, even after this line.
  op.ret = status == Status::info ? never : time;
  open_.erase(open);
}

RawHistory EventPairer::finish() {
  open_.clear();  // outstanding calls keep status info and ret = never
  return std::move(history_);
}

}  // namespace gauntlet::lincheck
