#pragma once
// The build switch of `scripts/gauntlet adopt`: with GAUNTLET_ADOPT_HEADER
// (a header the command generates) a user's class joins one family's list,
// as gauntlet::adopted<"family"> (impls/registry/registry.hpp). With
// GAUNTLET_ADOPT_ONLY as well (the adopt build's verifiers and tests), those
// iterate the adopted class alone: the other classes are neither compiled
// into the model checker nor run again.
#include <type_traits>

#include "impls/registry/registry.hpp"

#ifdef GAUNTLET_ADOPT_HEADER
#include GAUNTLET_ADOPT_HEADER
#endif

namespace gauntlet {

#ifdef GAUNTLET_ADOPT_ONLY
inline constexpr bool adopt_only = true;
#else
inline constexpr bool adopt_only = false;
#endif

// A family's list with its adopted classes appended (none outside `adopt`).
template <family_key Family, class List, class... Element>
using with_adopted = decltype(concat(List{}, typename adopted<Family>::template type<Element...>{}));

// What a verifier iterates: List, or in an adopt-only build just Adopted.
template <class List, class Adopted>
using verified = std::conditional_t<adopt_only, Adopted, List>;

}  // namespace gauntlet
