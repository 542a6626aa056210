#pragma once
// The family's record format, one line per entry, written whole by the
// consumer:
//
//   LLLLLLLL CCCCCCCC <body>\n
//
// LLLLLLLL is the body's length and CCCCCCCC its FNV-1a 32-bit hash, both
// hexadecimal, so a reader can tell a whole record from a torn one. The body
// is `<unix ns> <LEVEL> trace=<16 hex> span=<16 hex> <message>`; line breaks
// in the message are written as spaces. A drop record's level is WARN and
// its message `gauntlet-log: dropped N entries (cause)`.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "impls/log/record.hpp"

namespace gauntlet::log {

inline std::uint32_t fnv1a(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

// Appends one whole record to `out`.
inline void append_record(std::string& out, std::uint64_t unix_ns, Level level, const Fields& f,
                          std::string_view message) {
  char head[96];
  const int n = std::snprintf(head, sizeof head, "%llu %s trace=%016llx span=%016llx ",
                              static_cast<unsigned long long>(unix_ns), level_name(level).data(),
                              static_cast<unsigned long long>(f.trace_id), static_cast<unsigned long long>(f.span_id));
  const std::size_t start = out.size();
  out.append(18, ' ');  // the length and hash, written once the body is known
  out.append(head, static_cast<std::size_t>(n));
  const std::size_t body = out.size();
  out.append(message);
  for (std::size_t i = body; i < out.size(); ++i)
    if (out[i] == '\n' || out[i] == '\r') out[i] = ' ';
  const std::string_view b(out.data() + start + 18, out.size() - start - 18);
  char frame[19];
  std::snprintf(frame, sizeof frame, "%08x %08x ", static_cast<unsigned>(b.size()), fnv1a(b));
  out.replace(start, 18, frame, 18);
  out.push_back('\n');
}

inline std::string drop_message(std::uint64_t n, std::string_view cause) {
  return "gauntlet-log: dropped " + std::to_string(n) + " entries (" + std::string(cause) + ")";
}

}  // namespace gauntlet::log
