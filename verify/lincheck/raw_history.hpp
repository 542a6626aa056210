#pragma once
// A history as the parsers read it, before a model gives it types.
//
// Every format (etcd-log, edn, json) is read into a RawHistory: one
// RawOperation per call with its completion, values kept as JSON values
// (EDN nil -> null, vectors -> arrays, keywords -> strings without ':').
// A model's from_raw() turns a RawOperation into its typed Operation.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "verify/lincheck/history.hpp"

namespace gauntlet::lincheck {

// A value as text for messages and pages; bytes that are not UTF-8 become U+FFFD
// instead of throwing.
inline std::string to_text(const nlohmann::json& v) {
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// How an operation completed (Jepsen's :ok, :fail, :info; no completion -> info).
enum class Status { ok, fail, info };

struct RawOperation {
  int client = 0;
  std::string f;          // "read", "write", "cas", "get", "put", "append", "enqueue", ...
  nlohmann::json key;     // null when the operation has no key
  nlohmann::json input;   // the value given at the call
  nlohmann::json output;  // the value given at the completion
  Status status = Status::info;
  std::int64_t call = 0;
  std::int64_t ret = never;  // never: no completion
  int call_line = 0;         // 1-based source lines, for error messages
  int ret_line = 0;
};

// Drawn on the visualizer's timeline: an injected fault, a crash, a note.
struct Annotation {
  std::int64_t time = 0;
  std::optional<std::int64_t> end;  // an interval when set
  std::string kind;                 // "partition", "crash", "restart", "note", ...
  std::string text;
  std::optional<int> client;  // a lane, when the annotation is about one client
};

struct RawHistory {
  std::string model;    // from the json header, empty otherwise
  nlohmann::json init;  // model configuration (bank: initial balances), null if none
  std::vector<RawOperation> operations;
  std::vector<Annotation> annotations;
};

// One call or completion as the line-based formats give it.
struct RawEvent {
  int line = 0;
  int client = 0;
  std::string type;  // "invoke", "ok", "fail", "info"
  std::string f;
  nlohmann::json key;
  nlohmann::json value;
  std::optional<std::int64_t> time;  // the json format may give times; others use the line order
};

// Pairs events into operations: a completion finishes its client's call.
// Throws HistoryError (with the line) on a completion with no call, a second
// call while one is outstanding, or a completion whose f or key differs from
// its call's.
class EventPairer {
 public:
  void add(const RawEvent& e);
  // The time the next event without one will get: where an annotation between events goes.
  std::int64_t next_time() const { return next_time_; }
  RawHistory finish();  // calls still outstanding become indeterminate

 private:
  RawHistory history_;
  std::vector<std::pair<int, std::size_t>> open_;  // (client, index of operation)
  std::int64_t next_time_ = 0;
};

}  // namespace gauntlet::lincheck
