#pragma once
// The family's record format, one line per entry, written whole by the
// consumer:
//
//   LLLLLLLL CCCCCCCC <body>\n
//
// LLLLLLLL is the body's length and CCCCCCCC the low 32 bits of its XXH3-64
// hash (Debian libxxhash-dev, header-only here), both hexadecimal, so a
// reader can tell a whole record from a torn one. The body
// is `<unix ns> <LEVEL> trace=<16 hex> span=<16 hex> <message>`; line breaks
// in the message are written as spaces. A drop record's level is WARN and
// its message `gauntlet-log: dropped N entries (cause)`.
//
// Why no snprintf and no byte-at-a-time hash: the consumer formats every
// entry, so its cost per record bounds what a logger can take before its
// ring fills and producers block. Two snprintf calls and FNV-1a cost about
// 900 ns a record on this machine; to_chars, a nibble table and XXH3 a small
// fraction of that (reports/MEASUREMENTS.md, log).
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#define XXH_INLINE_ALL  // static, prefixed copies: no library to link, no clash with another include
#include <xxhash.h>

#include "impls/log/record.hpp"

namespace gauntlet::log {

inline std::uint32_t frame_hash(std::string_view s) {
  return static_cast<std::uint32_t>(XXH3_64bits(s.data(), s.size()));
}

namespace detail {
// `digits` lower-case hex digits of v, zero-padded, at p; returns the end.
inline char* put_hex(char* p, std::uint64_t v, int digits) {
  constexpr char kHex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i, v >>= 4) p[i] = kHex[v & 15];
  return p + digits;
}
inline char* put(char* p, std::string_view s) {
  if (!s.empty()) std::memcpy(p, s.data(), s.size());  // a default string_view's data() is null
  return p + s.size();
}
}  // namespace detail

// Appends one whole record to `out`.
inline void append_record(std::string& out, std::uint64_t unix_ns, Level level, const Fields& f,
                          std::string_view message) {
  using detail::put;
  using detail::put_hex;
  constexpr std::size_t kFrame = 18;  // "LLLLLLLL CCCCCCCC "
  const std::string_view lv = level_name(level);
  const std::size_t start = out.size();
  // Room for the longest record; cut back to the real end below.
  out.resize(start + kFrame + 20 + 1 + lv.size() + 7 + 16 + 6 + 16 + 1 + message.size() + 1);
  char* const frame = out.data() + start;
  char* const body = frame + kFrame;
  char* p = std::to_chars(body, body + 20, unix_ns).ptr;
  *p++ = ' ';
  p = put(p, lv);
  p = put_hex(put(p, " trace="), f.trace_id, 16);
  p = put_hex(put(p, " span="), f.span_id, 16);
  *p++ = ' ';
  char* const text = p;
  p = put(p, message);
  for (const char nl : {'\n', '\r'})  // memchr, not a byte loop: most messages have none
    for (char* q = text; (q = static_cast<char*>(std::memchr(q, nl, static_cast<std::size_t>(p - q)))) != nullptr;)
      *q++ = ' ';
  const std::string_view b(body, static_cast<std::size_t>(p - body));
  char* h = put_hex(frame, b.size(), 8);
  *h++ = ' ';
  h = put_hex(h, frame_hash(b), 8);
  *h = ' ';
  *p++ = '\n';
  out.resize(static_cast<std::size_t>(p - out.data()));
}

inline std::string drop_message(std::uint64_t n, std::string_view cause) {
  return "gauntlet-log: dropped " + std::to_string(n) + " entries (" + std::string(cause) + ")";
}

}  // namespace gauntlet::log
