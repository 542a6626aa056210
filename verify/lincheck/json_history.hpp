#pragma once
// The checker's own history format: JSON Lines (see verify/lincheck/README.md).
//
//   {"history": "gauntlet", "version": 1, "model": "kv"}
//   {"client": 0, "f": "put", "key": "x", "input": "a", "call": 0, "return": 3, "status": "ok"}
//   {"client": 1, "type": "invoke", "f": "get", "key": "x", "time": 1}
//   {"client": 1, "type": "ok", "f": "get", "key": "x", "value": "a", "time": 4}
//   {"annotation": "partition", "time": 2, "end": 6, "text": "n1 | n2 n3"}
#include <iosfwd>
#include <string>
#include <string_view>

#include "verify/lincheck/raw_history.hpp"

namespace gauntlet::lincheck {

// Reads the format. Throws HistoryError with the line on malformed input.
RawHistory read_json_history(std::string_view text);

// Writes the header, then one operation line per operation, then the annotations.
void write_json_history(std::ostream& out, const RawHistory& history);
std::string to_json_history(const RawHistory& history);

// Typed histories: each operation goes through Model::to_raw.
template <class Model>
RawHistory to_raw_history(const std::vector<Operation<typename Model::Input, typename Model::Output>>& ops,
                          const Model& model = Model{}) {
  RawHistory h;
  h.model = std::string(Model::name);
  for (const auto& op : ops) h.operations.push_back(model.to_raw(op));
  return h;
}

}  // namespace gauntlet::lincheck
