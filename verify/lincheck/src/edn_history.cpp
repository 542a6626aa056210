// Jepsen and Knossos EDN histories: operation maps, one per line as Jepsen
// writes them,
//   {:process 3, :type :invoke, :f :append, :key "9", :value "x 3 0 y"}
// or Knossos's layout: one vector or list of maps, maps spread over several
// lines, `;` comments anywhere. Maps from a non-numeric process (Jepsen's
// :nemesis) become annotations.
#include <string>

#include "verify/lincheck/edn_value.hpp"
#include "verify/lincheck/parsers.hpp"

namespace gauntlet::lincheck {
namespace {

std::string keyword(const nlohmann::json& map, const char* field, int line) {
  auto it = map.find(field);
  if (it == map.end()) throw HistoryError(std::string("missing :") + field, line);
  if (!it->is_string()) throw HistoryError(std::string(":") + field + " must be a keyword, got " + to_text(*it), line);
  return it->get<std::string>();
}

// 1-based line numbers of positions met in increasing order: linear over the file.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  int at(std::size_t pos) {
    for (; counted_ < pos && counted_ < text_.size(); ++counted_) line_ += text_[counted_] == '\n';
    return line_;
  }

 private:
  std::string_view text_;
  std::size_t counted_ = 0;
  int line_ = 1;
};

class EdnHistoryReader {
 public:
  explicit EdnHistoryReader(std::string_view text) : text_(text), lines_(text) {}

  RawHistory read() {
    skip();
    bool wrapped = pos_ < text_.size() && (text_[pos_] == '[' || text_[pos_] == '(');
    char close = wrapped && text_[pos_] == '[' ? ']' : ')';
    int open_line = lines_.at(pos_);
    if (wrapped) ++pos_;
    while (true) {
      skip();
      if (pos_ >= text_.size()) {
        if (wrapped) throw HistoryError(std::string("missing '") + close + "' closing the history", open_line);
        break;
      }
      if (wrapped && text_[pos_] == close) {
        ++pos_;
        skip();
        if (pos_ < text_.size()) throw HistoryError("unexpected text after the history's closing bracket", line());
        break;
      }
      if (text_[pos_] != '{') throw HistoryError("expected an EDN map '{...}' for each operation", line());
      int start = line();
      nlohmann::json map;
      try {
        map = read_edn_value(text_, pos_);
      } catch (const EdnError& err) {
        throw HistoryError(err.what, lines_.at(err.pos));
      }
      add(map, start);
    }
    auto history = pairer_.finish();
    history.annotations = std::move(annotations_);
    return history;
  }

 private:
  void skip() { skip_edn_space(text_, pos_); }
  int line() { return lines_.at(pos_); }

  void add(const nlohmann::json& map, int number) {
    auto process = map.find("process");
    if (process == map.end()) throw HistoryError("missing :process", number);
    std::optional<std::int64_t> time;
    if (auto t = map.find("time"); t != map.end()) {
      if (!t->is_number_integer()) throw HistoryError(":time must be an integer, got " + to_text(*t), number);
      time = t->get<std::int64_t>();
    }
    if (!process->is_number_integer()) {
      Annotation a;
      a.time = time ? *time : pairer_.next_time();
      a.kind = process->is_string() ? process->get<std::string>() : "note";
      auto f = map.find("f");
      auto value = map.find("value");
      a.text = (f != map.end() ? to_text(*f) : std::string()) + (value != map.end() ? " " + to_text(*value) : "");
      annotations_.push_back(std::move(a));
      return;
    }
    auto p = process->get<std::int64_t>();
    if (p < 0 || p > 1'000'000'000) throw HistoryError(":process must be a small non-negative integer", number);
    RawEvent e;
    e.line = number;
    e.client = static_cast<int>(p);
    e.type = keyword(map, "type", number);
    e.f = keyword(map, "f", number);
    if (auto k = map.find("key"); k != map.end()) e.key = *k;
    if (auto v = map.find("value"); v != map.end()) e.value = *v;
    e.time = time;
    pairer_.add(e);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  LineCounter lines_;
  EventPairer pairer_;
  std::vector<Annotation> annotations_;
};

}  // namespace

RawHistory read_edn(std::string_view text) { return EdnHistoryReader(text).read(); }

}  // namespace gauntlet::lincheck
