#pragma once
// One implementation list per family.
//
// Every implementation class (ours, peer adapters, known-bad variants) carries
// three static members:
//
//     static constexpr std::string_view name = "phase-fair";
//     static constexpr gauntlet::Kind kind = gauntlet::Kind::ours;
//     static constexpr std::string_view description = "one line for the report";
//
// and each family declares, once, in impls/<family>/family.hpp:
//
//     namespace gauntlet::<folder> {
//     inline constexpr std::string_view family_name = "rwlock";
//     using implementations = type_list<SeedRwLock, StdSharedMutex, ...>;
//     inline FamilyInfo describe_family() { return describe<implementations>(family_name); }
//     }
//
// Benchmarks, model checks, tests, `gauntlet list` and the report all iterate
// `implementations`, so adding an implementation is one class plus one line.
// Families whose variants are configurations rather than classes (raft, 2pc)
// write describe_family() by hand.
#include <string>
#include <string_view>
#include <vector>

namespace gauntlet {

enum class Kind { ours, peer, known_bad };

inline constexpr std::string_view to_string(Kind k) {
  switch (k) {
    case Kind::ours: return "ours";
    case Kind::peer: return "peer";
    case Kind::known_bad: return "known-bad";
  }
  return "?";
}

struct ImplInfo {
  std::string name;
  Kind kind;
  std::string description;
};

struct FamilyInfo {
  std::string family;
  std::vector<ImplInfo> implementations;
};

template <class... Ts>
struct type_list {
  static constexpr std::size_t size = sizeof...(Ts);
};

// Calls f.template operator()<T>() for every T of the list, in order.
template <class... Ts, class F>
void for_each_type(type_list<Ts...>, F&& f) {
  (f.template operator()<Ts>(), ...);
}

template <class List>
std::vector<ImplInfo> impl_infos() {
  std::vector<ImplInfo> out;
  for_each_type(List{}, [&]<class T>() {
    out.push_back({std::string(T::name), T::kind, std::string(T::description)});
  });
  return out;
}

template <class List>
FamilyInfo describe(std::string_view family) {
  return {std::string(family), impl_infos<List>()};
}

}  // namespace gauntlet
