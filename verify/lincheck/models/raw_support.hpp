#pragma once
// Small helpers the models share to read and write RawOperations.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "verify/lincheck/raw_history.hpp"

namespace gauntlet::lincheck::models {

[[noreturn]] inline void bad_value(const RawOperation& op, const std::string& what, int line = 0) {
  throw HistoryError(op.f + ": " + what, line ? line : op.call_line);
}

inline std::int64_t raw_int(const RawOperation& op, const nlohmann::json& v, const char* what, int line = 0) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v.get<std::uint64_t>());
  bad_value(op, std::string("expected an integer ") + what + ", got " + to_text(v), line);
}

inline std::string raw_string(const RawOperation& op, const nlohmann::json& v, const char* what, int line = 0) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  bad_value(op, std::string("expected a string ") + what + ", got " + to_text(v), line);
}

inline bool raw_bool(const RawOperation& op, const nlohmann::json& v, const char* what, int line = 0) {
  if (v.is_boolean()) return v.get<bool>();
  bad_value(op, std::string("expected true or false as ") + what + ", got " + to_text(v), line);
}

// The raw form of a typed operation's timing and completion.
template <class Op>
RawOperation raw_frame(const Op& op, std::string f) {
  RawOperation r;
  r.client = op.client;
  r.f = std::move(f);
  r.call = op.call;
  r.ret = op.ret;
  r.status = op.indeterminate ? Status::info : Status::ok;
  return r;
}

// The timing and completion of a typed operation read from a raw one.
template <class Op>
Op typed_frame(const RawOperation& r) {
  Op op;
  op.client = r.client;
  op.call = r.call;
  op.ret = r.ret;
  op.indeterminate = r.status == Status::info;
  return op;
}

inline std::string quote(const std::string& s) { return to_text(nlohmann::json(s)); }

}  // namespace gauntlet::lincheck::models
