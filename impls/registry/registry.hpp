#pragma once
// The family contract, written once.
//
// Every implementation class (ours, peer adapters, known-bad variants) carries
//
//     static constexpr std::string_view name = "phase-fair";
//     static constexpr gauntlet::Kind kind = gauntlet::Kind::ours;
//     static constexpr std::string_view description = "one line for the report";
//
// and a known-bad one also names the checks that must catch it:
//
//     static constexpr auto caught_by = gauntlet::checks("relacy-mutual-exclusion", "relacy-context-bound");
//
// Each family declares, once, in impls/<folder>/family.hpp:
//
//     namespace gauntlet::<folder> {
//     inline constexpr std::string_view family_name = "rwlock";   // the name users type
//     using implementations = type_list<StdSharedMutexRwLock, ...>;
//     using reference = StdSharedMutexRwLock;                      // ratios are taken against it
//     GAUNTLET_FAMILY_CONTRACT(RwLock);                            // RwLock: the interface concept
//     }
//
// GAUNTLET_FAMILY_CONTRACT static_asserts every class of the list against the
// registry's Implementation concept and the family's interface concept (the
// compiler names the class and the requirement it fails), checks that the
// reference is on the list, and defines describe_family() for gauntlet-list.
//
// Protocol families (raft, 2pc) are one pure core under several
// configurations: their list is a table of ProtocolVariant<Config> (below) instead of
// classes, with the same name, kind, description and caught_by.
#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace gauntlet {

enum class Kind { ours, peer, known_bad };

inline constexpr std::string_view to_string(Kind k) {
  switch (k) {
    case Kind::ours:
      return "ours";
    case Kind::peer:
      return "peer";
    case Kind::known_bad:
      return "known-bad";
  }
  return "?";
}

// The checks that must catch a known-bad variant, by the name its verifier
// gives each row's `check`: gauntlet::checks("fifo-wrap", "bounded-fifo-wrap").
template <class... S>
constexpr std::array<std::string_view, sizeof...(S)> checks(S... names) {
  return {std::string_view(names)...};
}

template <class T>
concept HasCaughtBy = requires {
  {std::span<const std::string_view>(T::caught_by)};
};

// A known-bad class must name at least one check that catches it; the others name none.
template <class T>
consteval bool caught_by_declared_by_kind() {
  if constexpr (T::kind == Kind::known_bad) {
    if constexpr (HasCaughtBy<T>)
      return std::size(T::caught_by) > 0;
    else
      return false;
  } else {
    return !HasCaughtBy<T>;
  }
}

// What every implementation class declares, whatever its family.
template <class T>
concept Implementation = requires {
  { T::name } -> std::convertible_to<std::string_view>;
  { T::kind } -> std::convertible_to<Kind>;
  { T::description } -> std::convertible_to<std::string_view>;
}
&&caught_by_declared_by_kind<T>();

// T::caught_by, or nothing for a class that is not known-bad.
template <class T>
constexpr std::span<const std::string_view> caught_by_of() {
  if constexpr (HasCaughtBy<T>)
    return std::span<const std::string_view>(T::caught_by);
  else
    return {};
}

inline bool names_check(std::span<const std::string_view> caught_by, std::string_view check) {
  return std::find(caught_by.begin(), caught_by.end(), check) != caught_by.end();
}

// A wrapper that is the same entry as the class it wraps (queue::Blocking<Core>
// over a core, ring::BlockingRing<Core>): inherit from entry_of<Core> and the
// wrapper has Core's name, kind, description and caught_by.
template <class Core, bool = HasCaughtBy<Core>>
struct entry_of {
  static constexpr std::string_view name = Core::name;
  static constexpr Kind kind = Core::kind;
  static constexpr std::string_view description = Core::description;
};
template <class Core>
struct entry_of<Core, true> : entry_of<Core, false> {
  static constexpr auto caught_by = Core::caught_by;
};

struct ImplInfo {
  std::string name;
  Kind kind;
  std::string description;
  std::vector<std::string> caught_by;  // known-bad: the checks that must catch it
};

struct FamilyInfo {
  std::string family;
  std::string reference;  // the implementation ratios are taken against
  std::vector<ImplInfo> implementations;
};

template <class... Ts>
struct type_list {
  static constexpr std::size_t size = sizeof...(Ts);
};

template <class... A, class... B>
type_list<A..., B...> concat(type_list<A...>, type_list<B...>);

// The classes of List for which Keep<T>::value holds, in order: a family of
// two kinds (detector, checkpoint) sorts an adopted class into its kind's list.
template <template <class> class Keep, class List>
struct keep_if_list;
template <template <class> class Keep>
struct keep_if_list<Keep, type_list<>> {
  using type = type_list<>;
};
template <template <class> class Keep, class T, class... Ts>
struct keep_if_list<Keep, type_list<T, Ts...>> {
  using rest = typename keep_if_list<Keep, type_list<Ts...>>::type;
  using type = std::conditional_t<Keep<T>::value, decltype(concat(type_list<T>{}, rest{})), rest>;
};
template <template <class> class Keep, class List>
using keep_if = typename keep_if_list<Keep, List>::type;

// Calls f.template operator()<T>() for every T of the list, in order.
template <class... Ts, class F>
void for_each_type(type_list<Ts...>, F&& f) {
  (f.template operator()<Ts>(), ...);
}

template <class T, class... Ts>
constexpr bool contains(type_list<Ts...>) {
  return (std::is_same_v<T, Ts> || ...);
}

inline std::vector<std::string> to_strings(std::span<const std::string_view> names) {
  return {names.begin(), names.end()};
}

template <class List>
std::vector<ImplInfo> impl_infos() {
  std::vector<ImplInfo> out;
  for_each_type(List{}, [&]<class T>() {
    out.push_back({std::string(T::name), T::kind, std::string(T::description), to_strings(caught_by_of<T>())});
  });
  return out;
}

template <class List, class Reference>
FamilyInfo describe(std::string_view family) {
  return {std::string(family), std::string(Reference::name), impl_infos<List>()};
}

// One variant of a protocol family: a configuration of the one core.
// `configure` flips the switches of Config (for a known-bad variant, the one
// entry of Config::bugs that it breaks); `breaks` says what goes wrong.
template <class Config>
struct ProtocolVariant {
  std::string_view name;
  Kind kind;
  std::string_view description;
  std::string_view breaks;                  // known-bad: what goes wrong, and what notices
  std::vector<std::string_view> caught_by;  // known-bad: the checks that must catch it
  void (*configure)(Config&);

  Config config() const {
    Config c;
    configure(c);
    return c;
  }
};

template <class Config>
const ProtocolVariant<Config>* find_variant(const std::vector<ProtocolVariant<Config>>& list, std::string_view name) {
  for (const auto& v : list)
    if (v.name == name) return &v;
  return nullptr;
}

template <class Config>
FamilyInfo describe_variants(std::string_view family, std::string_view reference,
                             const std::vector<ProtocolVariant<Config>>& list) {
  FamilyInfo info{std::string(family), std::string(reference), {}};
  for (const auto& v : list)
    info.implementations.push_back({std::string(v.name), v.kind, std::string(v.description),
                                    to_strings(std::span<const std::string_view>(v.caught_by))});
  return info;
}

// `scripts/gauntlet adopt` adds a user's class to one family's list through a
// generated header (impls/platform/adopted.hpp includes it), never by editing
// the tree. A family's list is written with_adopted<"queue", type_list<...>>;
// outside `adopt`, adopted<F> is empty. Its member templates take the
// family's element type where the family has one (the queue's), none else.
template <std::size_t N>
struct family_key {
  char text[N];
  constexpr family_key(const char (&s)[N]) { std::copy_n(s, N, text); }
};

template <family_key Family>
struct adopted {
  template <class... Element>
  using type = type_list<>;  // every adopted class
  template <class... Element>
  using model_checked = type_list<>;  // those that reach atomics through the platform layer
};

// Relacy sees a class when it is ours or known-bad and does not say otherwise:
// an adopted class that uses std::atomic directly declares model_checkable =
// false (Relacy cannot instrument it; the stress and TSan checks still run).
template <class L>
consteval bool declared_model_checkable() {
  if constexpr (requires { L::model_checkable; })
    return L::model_checkable;
  else
    return true;
}
template <class L>
inline constexpr bool model_checkable = L::kind != Kind::peer&& declared_model_checkable<L>();

// No two classes of a list share a name: rows, benchmarks and --only select by it.
template <class... Ts>
consteval bool names_unique(type_list<Ts...>) {
  std::array<std::string_view, sizeof...(Ts)> names{std::string_view(Ts::name)...};
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t j = i + 1; j < names.size(); ++j)
      if (names[i] == names[j]) return false;
  return true;
}

// Checked by GAUNTLET_FAMILY_CONTRACT, one class at a time, so that a failure
// names the class (the compiler prints the instantiation) and what it lacks
// (the concept's failed requirement).
#define GAUNTLET_FAMILY_CONTRACT(InterfaceConcept)                                                                   \
  template <class T>                                                                                                 \
  consteval bool gauntlet_meets_contract() {                                                                         \
    static_assert(::gauntlet::Implementation<T>,                                                                     \
                  "an implementation lacks name / kind / description, or is known-bad without caught_by "            \
                  "(impls/registry/registry.hpp)");                                                                  \
    static_assert(InterfaceConcept<T>, "an implementation does not offer the family's interface, " #InterfaceConcept \
                                       " (the notes below name the class and the member)");                          \
    return true;                                                                                                     \
  }                                                                                                                  \
  template <class... Ts>                                                                                             \
  consteval bool gauntlet_all_meet_contract(::gauntlet::type_list<Ts...>) {                                          \
    return (gauntlet_meets_contract<Ts>() && ...);                                                                   \
  }                                                                                                                  \
  static_assert(gauntlet_all_meet_contract(implementations{}));                                                      \
  static_assert(::gauntlet::names_unique(implementations{}),                                                         \
                "two implementations of the family share a name (an adopted class needs its own --name)");           \
  static_assert(::gauntlet::contains<reference>(implementations{}),                                                  \
                "the family's reference must be one of its implementations");                                        \
  inline ::gauntlet::FamilyInfo describe_family() {                                                                  \
    return ::gauntlet::describe<implementations, reference>(family_name);                                            \
  }                                                                                                                  \
  inline constexpr bool family_contract_checked = true

// The protocol families' counterpart: the reference names a variant of the table.
#define GAUNTLET_PROTOCOL_FAMILY(variant_table)                                         \
  inline ::gauntlet::FamilyInfo describe_family() {                                     \
    return ::gauntlet::describe_variants(family_name, reference_name, variant_table()); \
  }                                                                                     \
  inline constexpr bool family_contract_checked = true

}  // namespace gauntlet
