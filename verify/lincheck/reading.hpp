#pragma once
// How a history's completions are read, where formats and tools differ.
//
// What a :fail means (FailMeaning):
//   jepsen  Jepsen's definition: the operation certainly did not happen; every
//           :fail is dropped before the check.
//   etcd    as Porcupine's etcd model and gauntlet before: a failed cas
//           happened as an observation that the register did not hold its
//           old value; other failed operations did not happen.
// Defaults: jepsen for edn, etcd for etcd-log and json (default_fail_meaning).
//
// What an :ok read of nil means to the register models (NilRead):
//   absent   the register had no value yet (the etcd histories);
//   unknown  Knossos's reading: the value read is unknown, the read constrains nothing.
// Defaults: unknown for edn and whenever an initial value is given (the
// register is then never absent), absent otherwise (default_nil_read).
#include <algorithm>
#include <optional>
#include <string_view>

#include "verify/lincheck/parsers.hpp"
#include "verify/lincheck/raw_history.hpp"

namespace gauntlet::lincheck {

enum class FailMeaning { jepsen, etcd };
enum class NilRead { absent, unknown };

inline std::string_view to_string(FailMeaning m) { return m == FailMeaning::jepsen ? "jepsen" : "etcd"; }
inline std::string_view to_string(NilRead n) { return n == NilRead::absent ? "absent" : "unknown"; }

inline bool parse_fail_meaning(std::string_view name, FailMeaning& out) {
  for (auto m : {FailMeaning::jepsen, FailMeaning::etcd})
    if (name == to_string(m)) return out = m, true;
  return false;
}

inline bool parse_nil_read(std::string_view name, NilRead& out) {
  for (auto n : {NilRead::absent, NilRead::unknown})
    if (name == to_string(n)) return out = n, true;
  return false;
}

inline FailMeaning default_fail_meaning(Format f) { return f == Format::edn ? FailMeaning::jepsen : FailMeaning::etcd; }

inline NilRead default_nil_read(Format f, bool initial_value_given) {
  return f == Format::edn || initial_value_given ? NilRead::unknown : NilRead::absent;
}

// Under FailMeaning::jepsen, drops every operation that completed with :fail.
inline void apply_fail_meaning(RawHistory& h, FailMeaning m) {
  if (m != FailMeaning::jepsen) return;
  std::erase_if(h.operations, [](const RawOperation& op) { return op.status == Status::fail; });
}

namespace detail {
inline bool is_tuple(const nlohmann::json& v) { return v.is_array() && v.size() == 2; }
}  // namespace detail

// jepsen.independent's histories: every value a [key value] tuple. Moves the
// key to RawOperation::key and the value in its place, so the check splits
// per key (models::Independent). Throws HistoryError, with the line, on a
// value that is no tuple, a tuple whose key differs from its invoke's, or an
// operation that already has a :key.
inline void split_independent(RawHistory& h) {
  for (auto& op : h.operations) {
    if (!op.key.is_null())
      throw HistoryError(op.f + ": has a :key and is read as [key value] tuples (--independent); use one",
                         op.call_line);
    if (!detail::is_tuple(op.input))
      throw HistoryError(op.f + ": expected a [key value] tuple (--independent), got " + to_text(op.input),
                         op.call_line);
    op.key = op.input[0];
    op.input = nlohmann::json(op.input[1]);
    if (detail::is_tuple(op.output)) {
      if (op.output[0] != op.key)
        throw HistoryError(
            op.f + ": the completion's key " + to_text(op.output[0]) + " differs from its invoke's " + to_text(op.key),
            op.ret_line);
      op.output = nlohmann::json(op.output[1]);
    } else if (op.status == Status::ok) {
      throw HistoryError(op.f + ": expected a [key value] tuple (--independent), got " + to_text(op.output),
                         op.ret_line);
    }
    // An :info or :fail completion may carry an error instead; its value is not used.
  }
}

}  // namespace gauntlet::lincheck
