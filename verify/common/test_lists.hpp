#pragma once
// Family lists for Catch2's TEMPLATE_LIST_TEST_CASE, which takes a std::tuple.
#include <tuple>
#include <type_traits>

#include "impls/registry/registry.hpp"

namespace gauntlet::verify {

template <class List>
struct correct_tuple;
template <class... Ts>
struct correct_tuple<type_list<Ts...>> {
  using type = decltype(std::tuple_cat(
      std::declval<std::conditional_t<Ts::kind == Kind::known_bad, std::tuple<>, std::tuple<Ts>>>()...));
};

// The classes of List that must pass every check: the known-bad ones left out.
template <class List>
using correct_only = typename correct_tuple<List>::type;

}  // namespace gauntlet::verify
