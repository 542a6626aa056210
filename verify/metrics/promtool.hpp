#pragma once
// Runs Prometheus's own checker on a scrape: `promtool check metrics`, from
// Debian's `prometheus` package. A missing promtool is a failure naming the
// package, never a skip.
#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace gauntlet::metrics::test {

struct ToolResult {
  bool ok = false;
  std::string output;  // the tool's own words, or why it did not run
};

inline ToolResult promtool_check(const std::string& text) {
  ToolResult r;
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) {
    r.output = "promtool not found: install the Debian package 'prometheus' (scripts/gauntlet setup)";
    return r;
  }
  char path[] = "/tmp/gauntlet-metrics-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return r.output = "cannot create a temporary file", r;
  FILE* f = fdopen(fd, "w");
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  const std::string cmd = std::string("promtool check metrics < ") + path + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  char buf[512];
  while (p && std::fgets(buf, sizeof buf, p)) r.output += buf;
  const int status = p ? pclose(p) : -1;
  unlink(path);
  r.ok = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  while (!r.output.empty() && (r.output.back() == '\n' || r.output.back() == ' ')) r.output.pop_back();
  for (auto& c : r.output)
    if (c == '\n') c = ' ';
  if (!r.ok && r.output.empty()) r.output = "promtool exited with status " + std::to_string(status);
  return r;
}

}  // namespace gauntlet::metrics::test
