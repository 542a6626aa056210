// metrics_fixture IMPL [--tricky-help] | --list | --help
// Prints the scrape of the format checks' fixture (verify/metrics/checks.hpp)
// for one implementation, for tests in other languages (the Python client's
// round trip). Exit 3 on an unknown implementation or argument.
#include <cstdio>
#include <string>
#include <string_view>

#include "impls/metrics/family.hpp"
#include "verify/metrics/checks.hpp"

int main(int argc, char** argv) {
  using namespace gauntlet;
  std::string impl;
  bool tricky = false, list = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--help" || a == "-h") {
      std::printf(
          "usage: metrics_fixture IMPL [--tricky-help] | --list\n"
          "Prints IMPL's scrape of the metrics format fixture (labels with quotes, backslashes,\n"
          "newlines and non-ASCII text; --tricky-help adds a backslash and a newline to HELP).\n");
      return 0;
    }
    if (a == "--list")
      list = true;
    else if (a == "--tricky-help")
      tricky = true;
    else if (!a.empty() && a[0] != '-' && impl.empty())
      impl = a;
    else
      return std::fprintf(stderr, "error: unknown argument '%s' (try --help)\n", argv[i]), 3;
  }
  bool found = false;
  for_each_type(metrics::implementations{}, [&]<class R>() {
    if (list) std::printf("%s %s\n", std::string(R::name).c_str(), std::string(to_string(R::kind)).c_str());
    if (!list && impl == R::name) {
      found = true;
      const std::string text = metrics::test::fixture_scrape<R>(tricky);
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
  });
  if (list) return 0;
  if (!found)
    return std::fprintf(stderr, "error: no metrics implementation named '%s' (try --list)\n", impl.c_str()), 3;
  return 0;
}
