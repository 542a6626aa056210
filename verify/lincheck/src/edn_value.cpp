#include "verify/lincheck/edn_value.hpp"

#include <cctype>
#include <charconv>

namespace gauntlet::lincheck {
namespace {

constexpr int max_depth = 64;

bool is_symbol_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("*+!-_?<>=/.:#$%&'").find(c) != std::string_view::npos;
}

class Reader {
 public:
  Reader(std::string_view text, std::size_t& pos) : text_(text), pos_(pos) {}

  nlohmann::json value(int depth) {
    if (depth > max_depth) fail("values nested too deeply");
    skip_edn_space(text_, pos_);
    if (pos_ >= text_.size()) fail("expected a value, found the end of the input");
    char c = text_[pos_];
    switch (c) {
      case '"':
        return string();
      case '[':
        return sequence(']', depth);
      case '(':
        return sequence(')', depth);
      case '{':
        return map(depth);
      case '#':
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '{') {
          ++pos_;
          return sequence('}', depth);
        }
        fail("unsupported EDN tag '#'");
      case ':': {
        ++pos_;
        auto word = symbol();
        if (word.empty()) fail("a keyword needs a name after ':'");
        return word;
      }
      default:
        break;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || ((c == '-' || c == '+') && pos_ + 1 < text_.size() &&
                                                        std::isdigit(static_cast<unsigned char>(text_[pos_ + 1]))))
      return number();
    auto word = symbol();
    if (word.empty()) fail(std::string("unexpected character '") + printable(c) + "'");
    if (word == "nil") return nullptr;
    if (word == "true") return true;
    if (word == "false") return false;
    return word;
  }

 private:
  // The column counts from the start of pos_'s line, so a value spread over lines reports where it broke.
  [[noreturn]] void fail(const std::string& what) {
    auto nl = pos_ == 0 ? std::string_view::npos : text_.rfind('\n', pos_ - 1);
    std::size_t column = nl == std::string_view::npos ? pos_ + 1 : pos_ - nl;
    throw EdnError{what + " (column " + std::to_string(column) + ")", pos_};
  }
  static std::string printable(char c) {
    if (std::isprint(static_cast<unsigned char>(c))) return std::string(1, c);
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
    return buf;
  }

  std::string symbol() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && is_symbol_char(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  nlohmann::json number() {
    std::size_t start = pos_;
    if (text_[pos_] == '-' || text_[pos_] == '+') ++pos_;
    bool is_float = false;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.' ||
            ((text_[pos_] == '-' || text_[pos_] == '+') && (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E')))) {
      is_float |= text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E';
      ++pos_;
    }
    std::string_view digits = text_.substr(start, pos_ - start);
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    if (!digits.empty() && (digits.back() == 'N' || digits.back() == 'M')) digits.remove_suffix(1);  // bigint/decimal
    if (is_float) {
      double d = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
      if (ec != std::errc() || end != digits.data() + digits.size())
        fail("malformed number '" + std::string(digits) + "'");
      return d;
    }
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec == std::errc::result_out_of_range) fail("integer out of range '" + std::string(digits) + "'");
    if (ec != std::errc() || end != digits.data() + digits.size())
      fail("malformed number '" + std::string(digits) + "'");
    return v;
  }

  // What is never closed is reported where it opened, not at the end of the file.
  [[noreturn]] void fail_unclosed(std::size_t open, const std::string& what) {
    pos_ = open;
    fail(what);
  }

  std::string string() {
    std::size_t open = pos_++;  // the opening quote
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) fail_unclosed(open, "unterminated string");
      char c = text_[pos_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) fail_unclosed(open, "unterminated string");
      char e = text_[pos_++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        default:
          fail(std::string("unknown string escape '\\") + printable(e) + "'");
      }
    }
  }

  nlohmann::json sequence(char close, int depth) {
    std::size_t open = pos_++;
    auto arr = nlohmann::json::array();
    while (true) {
      skip_edn_space(text_, pos_);
      if (pos_ >= text_.size()) fail_unclosed(open, std::string("missing '") + close + "'");
      if (text_[pos_] == close) {
        ++pos_;
        return arr;
      }
      arr.push_back(value(depth + 1));
    }
  }

  nlohmann::json map(int depth) {
    std::size_t open = pos_++;
    auto obj = nlohmann::json::object();
    while (true) {
      skip_edn_space(text_, pos_);
      if (pos_ >= text_.size()) fail_unclosed(open, "missing '}'");
      if (text_[pos_] == '}') {
        ++pos_;
        return obj;
      }
      auto key = value(depth + 1);
      skip_edn_space(text_, pos_);
      if (pos_ >= text_.size() || text_[pos_] == '}')
        fail("map key " + key.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + " has no value");
      auto val = value(depth + 1);
      obj[key.is_string() ? key.get<std::string>()
                          : key.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)] = std::move(val);
    }
  }

  std::string_view text_;
  std::size_t& pos_;
};

}  // namespace

void skip_edn_space(std::string_view text, std::size_t& pos) {
  while (pos < text.size()) {
    char c = text[pos];
    if (c == ';') {
      while (pos < text.size() && text[pos] != '\n') ++pos;
    } else if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
      ++pos;
    } else {
      return;
    }
  }
}

nlohmann::json read_edn_value(std::string_view text, std::size_t& pos) { return Reader(text, pos).value(0); }

}  // namespace gauntlet::lincheck
