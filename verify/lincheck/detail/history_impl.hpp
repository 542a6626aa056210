#pragma once
// Definitions of history.hpp's conversions.
#include <algorithm>
#include <map>
#include <tuple>

#include "verify/lincheck/history.hpp"

namespace gauntlet::lincheck {

template <class In, class Out>
std::vector<Event<In, Out>> to_events(const std::vector<Operation<In, Out>>& ops) {
  struct Stamp {
    std::int64_t time;
    int is_return;  // calls (0) before returns (1) at equal times
    std::size_t op;
  };
  std::vector<Stamp> stamps;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    stamps.push_back({ops[i].call, 0, i});
    if (ops[i].ret != never) stamps.push_back({ops[i].ret, 1, i});
  }
  std::sort(stamps.begin(), stamps.end(), [](const Stamp& a, const Stamp& b) {
    return std::tie(a.time, a.is_return, a.op) < std::tie(b.time, b.is_return, b.op);
  });
  std::vector<Event<In, Out>> events;
  events.reserve(stamps.size());
  for (const auto& s : stamps) {
    const auto& op = ops[s.op];
    if (s.is_return)
      events.push_back({EventKind::ret, op.client, In{}, op.output, op.indeterminate});
    else
      events.push_back({EventKind::call, op.client, op.input, Out{}, false});
  }
  return events;
}

template <class In, class Out>
void validate(const std::vector<Operation<In, Out>>& ops) {
  std::map<int, std::vector<std::size_t>> by_client;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].ret < ops[i].call)
      throw HistoryError("operation " + std::to_string(i) + " returns (" + std::to_string(ops[i].ret) +
                         ") before its call (" + std::to_string(ops[i].call) + ")");
    by_client[ops[i].client].push_back(i);
  }
  for (auto& [client, idx] : by_client) {
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return ops[a].call < ops[b].call; });
    for (std::size_t k = 1; k < idx.size(); ++k)
      if (ops[idx[k]].call <= ops[idx[k - 1]].ret)
        throw HistoryError("client " + std::to_string(client) + " has overlapping operations " +
                           std::to_string(idx[k - 1]) + " and " + std::to_string(idx[k]));
  }
}

}  // namespace gauntlet::lincheck
