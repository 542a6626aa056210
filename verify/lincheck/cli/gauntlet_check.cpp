// gauntlet-check: is a recorded history linearizable?
//
//   gauntlet-check --model MODEL [--format FORMAT] [--timeout SECONDS]
//                  [--fail jepsen|etcd] [--initial-value V] [--nil-read absent|unknown]
//                  [--independent] [--repeat N] [--visualize OUT.html] [--json] FILE...
//
// Exit status: the worst over the files of 0 linearizable, 1 not
// linearizable, 2 unknown (time or memory budget), 3 bad input or usage.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "verify/lincheck/cli/check_file.hpp"
#include "verify/lincheck/edn_value.hpp"
#include "verify/lincheck/models/all.hpp"
#include "verify/lincheck/models/independent.hpp"

namespace lc = gauntlet::lincheck;
using lc::cli::FileOutcome;

namespace {

constexpr int exit_bad_input = 3;

template <class... Ms>
void print_models(lc::models::model_list<Ms...>) {
  ((std::printf("  %-13s %s\n", std::string(Ms::name).c_str(), std::string(Ms::operations).c_str())), ...);
}

template <class... Ms>
bool known_model(lc::models::model_list<Ms...>, const std::string& name) {
  return ((name == Ms::name) || ...);
}

template <class... Ms>
FileOutcome dispatch(lc::models::model_list<Ms...>, const std::string& model, const std::string& file,
                     std::string_view text, const lc::cli::Settings& s) {
  FileOutcome out;
  out.file = file;
  // The first model whose name matches checks the file; over jepsen.independent keys, one copy per key.
  (void)((model == Ms::name ? (out = s.independent ? lc::cli::check_text<lc::models::Independent<Ms>>(file, text, s)
                                                   : lc::cli::check_text<Ms>(file, text, s),
                               true)
                            : false) ||
         ...);
  return out;
}

void usage(FILE* to) {
  std::fprintf(to,
               "usage: gauntlet-check --model MODEL [--format FORMAT] [--timeout SECONDS]\n"
               "                      [--fail jepsen|etcd] [--initial-value V] [--nil-read absent|unknown]\n"
               "                      [--independent] [--repeat N] [--visualize OUT.html] [--json] FILE...\n"
               "\n"
               "Checks whether each history FILE is linearizable with respect to MODEL.\n"
               "\n"
               "options:\n"
               "  --model MODEL        the sequential model (below); may be left out when every\n"
               "                       file is json with a \"model\" in its header\n"
               "  --format FORMAT      etcd-log, edn or json (default: recognised from the content)\n"
               "  --timeout SECONDS    give up on a file after this long: verdict unknown\n"
               "  --memory-budget MB   give up when the search's memory passes this (default 1024)\n"
               "  --fail MEANING       what a :fail means: jepsen (it certainly did not happen;\n"
               "                       the default for edn) or etcd (a failed cas saw the register\n"
               "                       not hold its old value; the default for etcd-log and json)\n"
               "  --initial-value V    register models: the value registers start at (an integer;\n"
               "                       nil: absent), instead of 0 (register) or absent\n"
               "  --nil-read READING   register models: an :ok read of nil is a read of an absent\n"
               "                       register (absent) or of an unknown value (unknown; the default\n"
               "                       for edn and with --initial-value)\n"
               "  --independent        values are jepsen.independent [key value] tuples: check each\n"
               "                       key separately, for any model\n"
               "  --repeat N           also run each search N more times, warm, and report the median\n"
               "  --visualize OUT.html write a self-contained HTML picture of the history; with\n"
               "                       several files, OUT.<file name>.html for each\n"
               "  --json               print the results as a JSON array instead of lines\n"
               "  --help               this text\n"
               "\n"
               "models and their operations:\n");
  if (to == stdout) print_models(lc::models::all{});
  std::fprintf(to,
               "\nexit status: 0 linearizable, 1 not linearizable, 2 unknown (time or memory ran out),\n"
               "3 bad input or usage; with several files, the highest of them.\n");
}

[[noreturn]] void usage_error(const std::string& what) {
  std::fprintf(stderr, "gauntlet-check: %s\n(try gauntlet-check --help)\n", what.c_str());
  std::exit(exit_bad_input);
}

int exit_code(const FileOutcome& o) {
  if (!o.verdict) return exit_bad_input;
  switch (*o.verdict) {
    case lc::Verdict::linearizable:
      return 0;
    case lc::Verdict::not_linearizable:
      return 1;
    case lc::Verdict::unknown:
      return 2;
  }
  return exit_bad_input;
}

std::string visual_path(const std::string& out, const std::string& file, bool several) {
  if (out.empty() || !several) return out;
  std::string stem = file.substr(file.find_last_of('/') + 1);
  auto dot = out.rfind(".html");
  return dot == std::string::npos ? out + "." + stem + ".html" : out.substr(0, dot) + "." + stem + ".html";
}

bool read_file(const std::string& path, std::string& text, std::string& error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error = "is a directory";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  text = buf.str();
  return true;
}

// The model a json file's header names, for when --model is left out.
std::string model_from_header(std::string_view text) {
  try {
    if (lc::detect_format(text) == lc::Format::json) return lc::read_json_history(text).model;
  } catch (const lc::HistoryError&) {
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  std::string model, visualize;
  bool as_json = false;
  lc::cli::Settings settings;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage_error("option " + a + " needs a value");
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      usage(stdout);
      return 0;
    } else if (a == "--model") {
      model = value();
      if (!known_model(lc::models::all{}, model)) usage_error("unknown model '" + model + "'");
    } else if (a == "--format") {
      std::string f = value();
      lc::Format format;
      if (!lc::parse_format_name(f, format)) usage_error("unknown format '" + f + "' (etcd-log, edn or json)");
      settings.format = format;
    } else if (a == "--timeout" || a == "--memory-budget") {
      std::string v = value();
      char* end = nullptr;
      double n = std::strtod(v.c_str(), &end);
      if (v.empty() || *end != '\0' || !std::isfinite(n) || n <= 0 || n > 1e9)
        usage_error(a + " needs a positive number, not '" + v + "'");
      if (a == "--timeout")
        settings.options.timeout = std::chrono::milliseconds(static_cast<long long>(std::ceil(n * 1000)));
      else
        settings.options.memory_budget_bytes = static_cast<std::size_t>(n * 1024 * 1024);
    } else if (a == "--fail") {
      std::string v = value();
      lc::FailMeaning m;
      if (!lc::parse_fail_meaning(v, m)) usage_error("unknown --fail meaning '" + v + "' (jepsen or etcd)");
      settings.fail = m;
    } else if (a == "--nil-read") {
      std::string v = value();
      lc::NilRead n;
      if (!lc::parse_nil_read(v, n)) usage_error("unknown --nil-read reading '" + v + "' (absent or unknown)");
      settings.nil_read = n;
    } else if (a == "--initial-value") {
      std::string v = value();
      try {
        std::size_t pos = 0;
        settings.initial = lc::read_edn_value(v, pos);
        lc::skip_edn_space(v, pos);
        if (pos != v.size() || !(settings.initial->is_null() || settings.initial->is_number_integer()))
          throw lc::EdnError{"", 0};
      } catch (const lc::EdnError&) {
        usage_error("--initial-value needs an integer or nil, not '" + v + "'");
      }
    } else if (a == "--independent") {
      settings.independent = true;
    } else if (a == "--repeat") {
      std::string v = value();
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || n < 1 || n > 100000)
        usage_error("--repeat needs a count from 1 to 100000, not '" + v + "'");
      settings.repeat = static_cast<int>(n);
    } else if (a == "--visualize") {
      visualize = value();
    } else if (a == "--json") {
      as_json = true;
    } else if (a.size() > 1 && a[0] == '-') {
      usage_error("unknown option '" + a + "'");
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) usage_error("no history FILE given");

  int status = 0;
  auto results = nlohmann::json::array();
  for (const auto& file : files) {
    FileOutcome out;
    out.file = file;
    std::string text, error;
    if (!read_file(file, text, error)) {
      out.detail = error == "is a directory" ? error : "cannot read: " + error;
      std::fprintf(stderr, "%s: %s\n", file.c_str(), out.detail.c_str());
    } else {
      std::string chosen = model.empty() ? model_from_header(text) : model;
      lc::cli::Settings s = settings;
      s.visualize = visual_path(visualize, file, files.size() > 1);
      try {
        if (chosen.empty()) throw lc::HistoryError("no --model given and the file names none");
        if (!known_model(lc::models::all{}, chosen))
          throw lc::HistoryError("unknown model '" + chosen + "' in the header", 1);
        out = dispatch(lc::models::all{}, chosen, file, text, s);
      } catch (const lc::HistoryError& e) {
        out.detail = e.line ? std::to_string(e.line) + ": " + e.what() : e.what();
        std::fprintf(stderr, "%s:%s\n", file.c_str(), (e.line ? out.detail : " " + out.detail).c_str());
      } catch (const std::exception& e) {
        out.detail = e.what();
        std::fprintf(stderr, "%s: %s\n", file.c_str(), e.what());
      }
    }
    status = std::max(status, exit_code(out));
    std::string verdict = out.verdict ? std::string(lc::to_string(*out.verdict)) : "bad-input";
    if (as_json) {
      auto row =
          nlohmann::json{{"file", file},           {"verdict", verdict},   {"operations", out.operations},
                         {"millis", out.millis},   {"states", out.states}, {"peak_memory_bytes", out.peak_memory},
                         {"reading", out.reading}, {"detail", out.detail}};
      if (out.repeat) {
        row["repeat"] = out.repeat;
        row["median_millis"] = out.median_millis;
      }
      results.push_back(std::move(row));
    } else {
      char warm[96] = "";
      if (out.repeat)
        std::snprintf(warm, sizeof warm, ", median %.4f ms over %d warm runs", out.median_millis, out.repeat);
      std::printf("%s: %s, %zu operations, %.3f ms%s%s%s\n", file.c_str(), verdict.c_str(), out.operations, out.millis,
                  warm, out.detail.empty() || !out.verdict ? "" : "; ", out.verdict ? out.detail.c_str() : "");
    }
  }
  if (as_json) std::printf("%s\n", results.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  return status;
}
