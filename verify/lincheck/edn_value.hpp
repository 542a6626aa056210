#pragma once
// A reader for the EDN values Jepsen writes, as JSON values: nil -> null,
// true/false, integers, floats, strings, keywords and symbols -> strings
// (without the ':'), vectors, lists and sets -> arrays, maps -> objects
// (keys as strings). Nesting is bounded, so hostile input cannot overflow the stack.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gauntlet::lincheck {

struct EdnError {
  std::string what;
  std::size_t pos = 0;  // where in the text it went wrong, for the line number
};

// Reads one value starting at text[pos] (after whitespace), advancing pos
// past it. Throws EdnError.
nlohmann::json read_edn_value(std::string_view text, std::size_t& pos);

// Whitespace and commas are both separators in EDN; `;` starts a comment.
void skip_edn_space(std::string_view text, std::size_t& pos);

}  // namespace gauntlet::lincheck
