// The checker's own format: JSON Lines (README.md). Each line is a header,
// an operation, an event or an annotation, told apart by its fields.
#include <ostream>
#include <sstream>

#include "verify/lincheck/json_history.hpp"
#include "verify/lincheck/text_lines.hpp"

namespace gauntlet::lincheck {
namespace {

using json = nlohmann::json;

std::int64_t integer(const json& obj, const char* field, int line) {
  auto it = obj.find(field);
  if (it == obj.end()) throw HistoryError(std::string("missing \"") + field + "\"", line);
  if (!it->is_number_integer())
    throw HistoryError(std::string("\"") + field + "\" must be an integer, got " + to_text(*it), line);
  return it->get<std::int64_t>();
}

std::string text(const json& obj, const char* field, int line, const char* fallback = nullptr) {
  auto it = obj.find(field);
  if (it == obj.end()) {
    if (fallback) return fallback;
    throw HistoryError(std::string("missing \"") + field + "\"", line);
  }
  if (!it->is_string())
    throw HistoryError(std::string("\"") + field + "\" must be a string, got " + to_text(*it), line);
  return it->get<std::string>();
}

json field(const json& obj, const char* name) {
  auto it = obj.find(name);
  return it == obj.end() ? json() : *it;
}

int client(const json& obj, int line) {
  auto c = integer(obj, "client", line);
  if (c < 0 || c > 1'000'000'000) throw HistoryError("\"client\" must be a small non-negative integer", line);
  return static_cast<int>(c);
}

Status parse_status(const std::string& s, int line) {
  if (s == "ok") return Status::ok;
  if (s == "fail") return Status::fail;
  if (s == "info") return Status::info;
  throw HistoryError("\"status\" must be ok, fail or info, not '" + s + "'", line);
}

const char* status_name(Status s) { return s == Status::ok ? "ok" : s == Status::fail ? "fail" : "info"; }

}  // namespace

RawHistory read_json_history(std::string_view input) {
  EventPairer pairer;
  std::vector<RawOperation> whole;  // operation lines, merged with the paired events at the end
  RawHistory header;
  for_each_line(input, [&](std::string_view line, int number) {
    if (is_blank(line)) return;
    json obj;
    try {
      obj = json::parse(line);
    } catch (const json::exception& e) {
      std::string what = e.what();
      auto colon = what.find("] ");  // drop nlohmann's "[json.exception.parse_error.101] "
      throw HistoryError("invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)), number);
    }
    if (!obj.is_object()) throw HistoryError("each line must be a JSON object", number);
    if (obj.contains("history")) {
      if (field(obj, "history") != "gauntlet")
        throw HistoryError("the header's \"history\" must be \"gauntlet\"", number);
      if (obj.contains("version") && field(obj, "version") != 1)
        throw HistoryError("unsupported version " + to_text(field(obj, "version")) + " (this reader knows 1)", number);
      header.model = text(obj, "model", number, "");
      header.init = field(obj, "init");
    } else if (obj.contains("annotation")) {
      Annotation a;
      a.kind = text(obj, "annotation", number);
      a.time = integer(obj, "time", number);
      if (obj.contains("end")) {
        a.end = integer(obj, "end", number);
        if (*a.end < a.time) throw HistoryError("annotation ends before it starts", number);
      }
      a.text = text(obj, "text", number, "");
      if (obj.contains("client")) a.client = client(obj, number);
      header.annotations.push_back(std::move(a));
    } else if (obj.contains("type")) {
      RawEvent e;
      e.line = number;
      e.client = client(obj, number);
      e.type = text(obj, "type", number);
      e.f = text(obj, "f", number);
      e.key = field(obj, "key");
      e.value = field(obj, "value");
      if (obj.contains("time")) e.time = integer(obj, "time", number);
      pairer.add(e);
    } else if (obj.contains("call")) {
      RawOperation op;
      op.client = client(obj, number);
      op.f = text(obj, "f", number);
      op.key = field(obj, "key");
      op.input = field(obj, "input");
      op.output = field(obj, "output");
      op.call = integer(obj, "call", number);
      op.call_line = op.ret_line = number;
      bool returned = obj.contains("return") && !field(obj, "return").is_null();
      op.status = parse_status(text(obj, "status", number, returned ? "ok" : "info"), number);
      if (returned) {
        op.ret = integer(obj, "return", number);
        if (op.ret < op.call) throw HistoryError("\"return\" is before \"call\"", number);
      } else if (op.status != Status::info) {
        throw HistoryError("an operation without \"return\" must have status info", number);
      }
      if (op.status == Status::info) op.ret = never;
      whole.push_back(std::move(op));
    } else {
      throw HistoryError(
          "not a header, operation, event or annotation (no \"history\", \"call\", \"type\" or "
          "\"annotation\" field)",
          number);
    }
  });
  RawHistory history = pairer.finish();
  for (auto& op : whole) history.operations.push_back(std::move(op));
  history.model = std::move(header.model);
  history.init = std::move(header.init);
  history.annotations = std::move(header.annotations);
  return history;
}

void write_json_history(std::ostream& out, const RawHistory& history) {
  auto dump = [](const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); };
  json head = {{"history", "gauntlet"}, {"version", 1}};
  if (!history.model.empty()) head["model"] = history.model;
  if (!history.init.is_null()) head["init"] = history.init;
  out << dump(head) << "\n";
  for (const auto& op : history.operations) {
    json j = {{"client", op.client}, {"f", op.f}};
    if (!op.key.is_null()) j["key"] = op.key;
    if (!op.input.is_null()) j["input"] = op.input;
    if (!op.output.is_null()) j["output"] = op.output;
    j["call"] = op.call;
    if (op.ret != never) j["return"] = op.ret;
    j["status"] = status_name(op.status);
    out << dump(j) << "\n";
  }
  for (const auto& a : history.annotations) {
    json j = {{"annotation", a.kind}, {"time", a.time}};
    if (a.end) j["end"] = *a.end;
    if (!a.text.empty()) j["text"] = a.text;
    if (a.client) j["client"] = *a.client;
    out << dump(j) << "\n";
  }
}

std::string to_json_history(const RawHistory& history) {
  std::ostringstream out;
  write_json_history(out, history);
  return out.str();
}

}  // namespace gauntlet::lincheck
