#pragma once
// The history formats the command line reads, and recognising them.
#include <string>
#include <string_view>

#include "verify/lincheck/json_history.hpp"
#include "verify/lincheck/raw_history.hpp"

namespace gauntlet::lincheck {

enum class Format { etcd_log, edn, json };

std::string_view to_string(Format f);
// "etcd-log", "edn", "json"; false when unknown.
bool parse_format_name(std::string_view name, Format& out);

// Jepsen's log lines: `INFO  jepsen.util - <process>\t:<type>\t:<f>\t<value>`.
RawHistory read_etcd_log(std::string_view text);
// One Jepsen EDN map per line: {:process 3, :type :invoke, :f :append, :key "9", :value "x"}.
RawHistory read_edn(std::string_view text);

// Recognises the format from the first non-blank line; throws HistoryError when none fits.
Format detect_format(std::string_view text);
RawHistory read_history(std::string_view text, Format format);

}  // namespace gauntlet::lincheck
