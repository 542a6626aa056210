#include "verify/lincheck/visualize.hpp"

#include <nlohmann/json.hpp>

#include "verify/lincheck/src/page_template.hpp"

namespace gauntlet::lincheck {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

using json = nlohmann::json;

// JSON that is safe inside <script>: no '<' (so no "</script>" or "<!--"),
// and no '>' or '&', written as \u escapes that JSON.parse reads back.
std::string script_safe_json(const json& j) {
  std::string raw = j.dump(-1, ' ', true, json::error_handler_t::replace);  // ASCII only
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

json to_json(const Visual& v) {
  json ops = json::array();
  for (const auto& op : v.ops) {
    ops.push_back({{"client", op.client},
                   {"call", op.call},
                   {"ret", op.ret == never ? json() : json(op.ret)},
                   {"indeterminate", op.indeterminate},
                   {"text", op.description},
                   {"partition", op.partition}});
  }
  json lins = json::array();
  for (const auto& lin : v.linearizations) {
    json steps = json::array();
    for (const auto& s : lin.steps) steps.push_back({{"op", s.op}, {"state", s.state}});
    lins.push_back({{"partition", lin.partition}, {"complete", lin.complete}, {"steps", std::move(steps)}});
  }
  json notes = json::array();
  for (const auto& a : v.annotations) {
    notes.push_back({{"time", a.time},
                     {"end", a.end ? json(*a.end) : json()},
                     {"kind", a.kind},
                     {"text", a.text},
                     {"client", a.client ? json(*a.client) : json()}});
  }
  return {{"title", v.title},
          {"model", v.model},
          {"verdict", std::string(to_string(v.verdict))},
          {"ops", std::move(ops)},
          {"linearizations", std::move(lins)},
          {"annotations", std::move(notes)}};
}

// Fills @NAME@ placeholders in one pass, so text put in is never scanned again.
std::string fill(std::string_view page, const std::vector<std::pair<std::string_view, std::string>>& values) {
  std::string out;
  while (true) {
    auto at = page.find('@');
    if (at == std::string_view::npos) break;
    out += page.substr(0, at);
    page.remove_prefix(at);
    bool matched = false;
    for (const auto& [name, value] : values) {
      if (page.substr(1, name.size()) == name && page.substr(1 + name.size(), 1) == "@") {
        out += value;
        page.remove_prefix(name.size() + 2);
        matched = true;
        break;
      }
    }
    if (!matched) {
      out += '@';
      page.remove_prefix(1);
    }
  }
  out += page;
  return out;
}

}  // namespace

std::string render_html(const Visual& v) {
  return fill(page_template, {{"TITLE", html_escape(v.title)},
                              {"VERDICT", html_escape(to_string(v.verdict))},
                              {"DATA", script_safe_json(to_json(v))}});
}

}  // namespace gauntlet::lincheck
