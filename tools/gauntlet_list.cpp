// gauntlet-list [--json]: every family and its implementations.
#include <cstdio>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tools/all_families.hpp"

int main(int argc, char** argv) {
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--help" || a == "-h") {
      std::puts(
          "usage: gauntlet-list [--json]\nEvery family and its implementations, with kind and description;\n"
          "known-bad ones with the checks that must catch them (caught_by), and each family's reference.");
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
        arr.push_back({{"family", f.family},
                       {"name", i.name},
                       {"kind", std::string(to_string(i.kind))},
                       {"description", i.description},
                       {"caught_by", i.caught_by},
                       {"reference", i.name == f.reference}});
    std::puts(arr.dump(2).c_str());
    return 0;
  }
  for (auto& f : families) {
    std::printf("%s (reference: %s)\n", f.family.c_str(), f.reference.c_str());
    for (auto& i : f.implementations) {
      std::printf("  %-30s %-10s %s\n", i.name.c_str(), std::string(to_string(i.kind)).c_str(), i.description.c_str());
      if (!i.caught_by.empty()) {
        std::string checks;
        for (auto& c : i.caught_by) checks += (checks.empty() ? "" : ", ") + c;
        std::printf("  %-30s %-10s caught by: %s\n", "", "", checks.c_str());
      }
    }
  }
  return 0;
}
