// gauntlet-list [--json]: every family and its implementations.
#include <cstdio>
#include <string_view>

#include <nlohmann/json.hpp>

#include "all_families.hpp"

int main(int argc, char** argv) {
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--help" || a == "-h") {
      std::puts("usage: gauntlet-list [--json]\nEvery family and its implementations, with kind and description.");
      return 0;
    } else {
      std::fprintf(stderr, "error: unknown argument '%s' (try --help)\n", argv[i]);
      return 3;
    }
  }
  auto families = gauntlet::all_families();
  if (json) {
    nlohmann::json arr = nlohmann::json::array();
    for (auto& f : families)
      for (auto& i : f.implementations)
        arr.push_back({{"family", f.family}, {"name", i.name}, {"kind", std::string(to_string(i.kind))},
                       {"description", i.description}});
    std::puts(arr.dump(2).c_str());
    return 0;
  }
  for (auto& f : families) {
    std::printf("%s\n", f.family.c_str());
    for (auto& i : f.implementations)
      std::printf("  %-30s %-10s %s\n", i.name.c_str(), std::string(to_string(i.kind)).c_str(), i.description.c_str());
  }
  return 0;
}
