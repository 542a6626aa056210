#pragma once
// The reference histories of ../shared/histories and the verdicts their
// README gives (verdicts agreed on by independent checkers).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "verify/lincheck/checker.hpp"
#include "verify/lincheck/models/all.hpp"
#include "verify/lincheck/parsers.hpp"
#include "verify/lincheck/typed_history.hpp"

namespace gauntlet::lincheck::testing {

struct SharedHistory {
  std::string path;   // relative to the histories folder
  std::string model;  // "cas-register" or "kv"
  bool linearizable;
};

inline const std::vector<SharedHistory>& shared_histories() {
  static const std::vector<SharedHistory> list = {
      {"etcd/etcd_000.log", "cas-register", false},
      {"etcd/etcd_001.log", "cas-register", false},
      {"etcd/etcd_002.log", "cas-register", true},
      {"etcd/etcd_005.log", "cas-register", true},
      {"etcd/etcd_007.log", "cas-register", true},
      {"etcd/etcd_018.log", "cas-register", true},
      {"kv/c01-ok.txt", "kv", true},
      {"kv/c01-bad.txt", "kv", false},
      {"kv/c10-ok.txt", "kv", true},
      {"kv/c10-bad.txt", "kv", false},
      {"kv/c50-ok.txt", "kv", true},
      {"kv/c50-bad.txt", "kv", false},
  };
  return list;
}

inline std::filesystem::path shared_histories_dir() {
#ifdef GAUNTLET_SHARED_DIR
  return std::filesystem::path(GAUNTLET_SHARED_DIR) / "histories";
#else
  return {};
#endif
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

template <class Model>
CheckResult check_text(const std::string& text, const CheckOptions& options = {}) {
  auto raw = read_history(text, detect_format(text));
  Model model;
  return check<Model>(to_typed(raw, model).ops, options, model);
}

inline CheckResult check_shared(const SharedHistory& h, const std::string& text, const CheckOptions& options = {}) {
  return h.model == "kv" ? check_text<models::Kv>(text, options) : check_text<models::CasRegister>(text, options);
}

}  // namespace gauntlet::lincheck::testing
