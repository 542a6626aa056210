#pragma once
// Reads a log file back: every line, whether it is a whole record, and the
// test's own tokens in it (`p=<producer> s=<sequence>`) or a drop record.
//
// Our records are framed (impls/log/format.hpp): a line is whole when its
// length and hash match its body. The peers' lines (spdlog's pattern) have
// no frame: a line is whole when it ends in a newline and parses.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "impls/log/format.hpp"

namespace gauntlet::log::test {

struct Line {
  std::string text;
  bool framed = false;  // carries our length + hash frame
  bool whole = false;   // framed and matching, or (unframed) newline-terminated
  bool has_ps = false;  // the test's tokens
  unsigned producer = 0;
  std::uint64_t seq = 0;
  std::uint64_t trace = 0, span = 0;  // our framed records only
  bool drop = false;                  // a drop record
  std::uint64_t drop_n = 0;
  std::string drop_cause;
};

inline bool parse_frame(std::string_view l, std::string_view& body) {
  if (l.size() < 18 || l[8] != ' ' || l[17] != ' ') return false;
  unsigned len = 0, crc = 0;
  if (std::sscanf(std::string(l.substr(0, 17)).c_str(), "%8x %8x", &len, &crc) != 2) return false;
  body = l.substr(18);
  return body.size() == len && frame_hash(body) == crc;
}

inline Line parse_line(std::string_view l, bool terminated) {
  Line r;
  r.text = std::string(l);
  std::string_view body;
  r.framed = l.size() >= 18 && l[8] == ' ' && l[17] == ' ';
  r.whole = r.framed ? terminated && parse_frame(l, body) : terminated;
  if (!r.framed) body = l;
  if (auto t = body.find("trace="); t != std::string_view::npos)
    std::sscanf(std::string(body.substr(t)).c_str(), "trace=%llx span=%llx",
                reinterpret_cast<unsigned long long*>(&r.trace), reinterpret_cast<unsigned long long*>(&r.span));
  if (auto d = body.find("gauntlet-log: dropped "); d != std::string_view::npos) {
    char cause[32] = {};
    unsigned long long n = 0;
    if (std::sscanf(std::string(body.substr(d)).c_str(), "gauntlet-log: dropped %llu entries (%31[^)])", &n, cause) ==
        2) {
      r.drop = true;
      r.drop_n = n;
      r.drop_cause = cause;
    }
    return r;
  }
  if (auto p = body.find(" p="); p != std::string_view::npos) {
    unsigned prod = 0;
    unsigned long long seq = 0;
    if (std::sscanf(std::string(body.substr(p)).c_str(), " p=%u s=%llu", &prod, &seq) == 2) {
      r.has_ps = true;
      r.producer = prod;
      r.seq = seq;
    }
  }
  return r;
}

inline std::vector<Line> read_log(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string all = ss.str();
  std::vector<Line> out;
  std::size_t at = 0;
  while (at < all.size()) {
    const std::size_t nl = all.find('\n', at);
    const bool terminated = nl != std::string::npos;
    const std::size_t end = terminated ? nl : all.size();
    out.push_back(parse_line(std::string_view(all).substr(at, end - at), terminated));
    at = terminated ? nl + 1 : all.size();
  }
  return out;
}

// The test's message for producer p's entry s, padded to `bytes`.
inline std::string message(unsigned p, std::uint64_t s, std::size_t bytes) {
  std::string m = "m p=" + std::to_string(p) + " s=" + std::to_string(s) + " ";
  if (m.size() < bytes) m.append(bytes - m.size(), 'x');
  return m;
}

}  // namespace gauntlet::log::test
