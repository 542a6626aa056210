#pragma once
// A cache-line layout check a user can run on their own struct.
//
// Describe the fields that matter, each with the group that owns it (the
// writer: "hot", "cold", "thread 0", ...; an empty group is padding, which may
// share a line with anything), then ask whether fields of different owners can
// ever share a line, at the line size you mean to separate them by (64, or 128
// for the adjacent-line prefetch pair):
//
//     constexpr auto l = layout::layout_of<Mine>("Mine", {layout::field("hot", offsetof(Mine, hot), 8, "hot"),
//                                                         layout::field("cold", offsetof(Mine, cold), 8, "cold")});
//     static_assert(layout::separated(l, 64));      // the predicate
//     for (auto& m : layout::explain(l, 64)) ...    // what is wrong, field by field
//
// The rules, applied to every placement alignof allows (a struct aligned to 8
// may start at any multiple of 8 past a line boundary) and, when the struct is
// kept in an array (one element per thread), to an element and its neighbour:
//   aligned     alignof is a multiple of the line, so the offsets fix the lines;
//   whole-lines sizeof is a multiple of the line (arrays only), so every
//               element starts where element 0 does;
//   straddles   no field of at most a line spans two lines;
//   shares      no two fields of different owners (another group, or another
//               element of the array) touch the same line.
#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gauntlet::layout {

struct Field {
  std::string_view name;
  std::size_t offset = 0;
  std::size_t size = 0;
  std::string_view group;  // the owner; empty: padding
};

constexpr Field field(std::string_view name, std::size_t offset, std::size_t size, std::string_view group) {
  return {name, offset, size, group};
}
constexpr Field padding(std::string_view name, std::size_t offset, std::size_t size) {
  return {name, offset, size, {}};
}

template <std::size_t N>
struct StructLayout {
  std::string_view name;
  std::size_t size = 0;
  std::size_t align = 0;
  std::array<Field, N> fields{};
  bool in_array = true;  // kept side by side, one element per owner
};

// The layout of S from its fields (offsetof / sizeof of each).
template <class S, std::size_t N>
constexpr StructLayout<N> layout_of(std::string_view name, const Field (&fields)[N], bool in_array = true) {
  StructLayout<N> l{name, sizeof(S), alignof(S), {}, in_array};
  for (std::size_t i = 0; i < N; ++i) l.fields[i] = fields[i];
  return l;
}

enum class Rule { aligned, whole_lines, straddles, shares };

// One thing wrong. Positions are bytes from a line boundary: the struct placed
// `base` bytes past one, field b of element `element_b` (0 or 1).
struct Finding {
  Rule rule = Rule::aligned;
  std::size_t a = 0, b = 0;  // field indexes
  std::size_t element_a = 0, element_b = 0;
  std::size_t base = 0;
  std::size_t line = 0;  // the first line they share (shares) or the first of the two (straddles)
};

namespace detail {
constexpr bool is_padding(const Field& f) { return f.group.empty(); }
constexpr std::size_t first_line(std::size_t pos, std::size_t line) { return pos / line; }
constexpr std::size_t last_line(std::size_t pos, std::size_t size, std::size_t line) {
  return (pos + (size ? size - 1 : 0)) / line;
}
}  // namespace detail

// Calls report(Finding) for each problem, the first placement of each only.
template <std::size_t N, class Report>
constexpr void for_each_finding(const StructLayout<N>& l, std::size_t line, Report report) {
  using detail::first_line;
  using detail::last_line;
  if (line == 0) return;
  if (l.align % line != 0) report(Finding{Rule::aligned});
  if (l.in_array && l.size % line != 0) report(Finding{Rule::whole_lines});
  const std::size_t step = std::max<std::size_t>(1, std::min(l.align, line));
  const std::size_t elements = l.in_array ? 2 : 1;
  auto pos = [&](std::size_t base, std::size_t element, std::size_t i) {
    return base + element * l.size + l.fields[i].offset;
  };
  // straddles: per field, the first (base, element) where it does
  for (std::size_t i = 0; i < N; ++i) {
    const Field& f = l.fields[i];
    if (detail::is_padding(f) || f.size > line) continue;
    bool found = false;
    for (std::size_t base = 0; base < line && !found; base += step)
      for (std::size_t e = 0; e < elements && !found; ++e) {
        std::size_t p = pos(base, e, i);
        if (first_line(p, line) != last_line(p, f.size, line)) {
          report(Finding{Rule::straddles, i, i, e, e, base, first_line(p, line)});
          found = true;
        }
      }
  }
  // shares: per pair of owners, the first placement where they touch one line
  for (std::size_t i = 0; i < N; ++i) {
    if (detail::is_padding(l.fields[i])) continue;
    for (std::size_t e = 0; e < elements; ++e)
      for (std::size_t j = e == 0 ? i + 1 : 0; j < N; ++j) {
        const Field& fi = l.fields[i];
        const Field& fj = l.fields[j];
        if (detail::is_padding(fj) || (e == 0 && fi.group == fj.group)) continue;
        bool found = false;
        for (std::size_t base = 0; base < line && !found; base += step) {
          std::size_t pi = pos(base, 0, i), pj = pos(base, e, j);
          std::size_t lo = std::max(first_line(pi, line), first_line(pj, line));
          std::size_t hi = std::min(last_line(pi, fi.size, line), last_line(pj, fj.size, line));
          if (lo <= hi) {
            report(Finding{Rule::shares, i, j, 0, e, base, lo});
            found = true;
          }
        }
      }
  }
}

template <std::size_t N>
constexpr std::size_t count_findings(const StructLayout<N>& l, std::size_t line) {
  std::size_t n = 0;
  for_each_finding(l, line, [&](const Finding&) { ++n; });
  return n;
}

// The static_assert-able predicate: no field can share a line with another
// owner's, and every field's lines are fixed by its offsets.
template <std::size_t N>
constexpr bool separated(const StructLayout<N>& l, std::size_t line) {
  return count_findings(l, line) == 0;
}

namespace detail {
inline std::string n(std::size_t v) { return std::to_string(v); }
inline std::string where(std::string_view name, std::size_t element, std::size_t pos, std::size_t size) {
  std::string s = element ? "element " + n(element) + "'s " : "";
  s += std::string(name) + " [" + n(pos) + ", " + n(pos + size) + ")";
  return s;
}
inline std::string placed(std::size_t base) {
  return base ? " when placed " + n(base) + " bytes past a line boundary" : "";
}
}  // namespace detail

// One sentence per finding, naming the fields.
template <std::size_t N>
std::string describe(const StructLayout<N>& l, std::size_t line, const Finding& f) {
  using detail::n;
  const std::string who(l.name);
  switch (f.rule) {
    case Rule::aligned:
      return who + ": alignof " + n(l.align) + " is not a multiple of " + n(line) +
             ": which lines its fields fall on depends on where it is placed";
    case Rule::whole_lines: {
      std::size_t into = l.size % line;
      return who + ": sizeof " + n(l.size) + " is not a multiple of " + n(line) +
             ": in an array, element 1 starts at byte " + n(l.size) + ", " + n(into) + " bytes into line " +
             n(l.size / line);
    }
    case Rule::straddles: {
      const Field& x = l.fields[f.a];
      std::size_t p = f.base + f.element_a * l.size + x.offset;
      return who + ": " + detail::where(x.name, f.element_a, p, x.size) + " straddles lines " + n(f.line) + " and " +
             n(f.line + 1) + " (" + n(line) + "-byte lines)" + detail::placed(f.base);
    }
    case Rule::shares: {
      const Field& x = l.fields[f.a];
      const Field& y = l.fields[f.b];
      std::size_t pa = f.base + x.offset, pb = f.base + f.element_b * l.size + y.offset;
      return who + ": " + detail::where(x.name, 0, pa, x.size) + " (" + std::string(x.group) + ") shares " + n(line) +
             "-byte line " + n(f.line) + " with " + detail::where(y.name, f.element_b, pb, y.size) + " (" +
             (f.element_b ? "element " + n(f.element_b) + ", " : std::string()) + std::string(y.group) + ")" +
             detail::placed(f.base);
    }
  }
  return who + ": ?";
}

// Every finding, as sentences; empty when separated(l, line).
template <std::size_t N>
std::vector<std::string> explain(const StructLayout<N>& l, std::size_t line) {
  std::vector<std::string> out;
  for_each_finding(l, line, [&](const Finding& f) { out.push_back(describe(l, line, f)); });
  return out;
}

}  // namespace gauntlet::layout
