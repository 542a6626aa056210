#pragma once
// The object pool family: the one list of its implementations.
//
// `in_process` is what the tests and the main benchmark binary use; the peers
// that replace malloc (jemalloc, tcmalloc, mimalloc) are on the list for the
// report, and run only in their own benchmark binaries. TBB's scalable
// allocator needs libtbbmalloc: the tests do not call it.
#include <string_view>

#include "impls/platform/adopted.hpp"
#include "impls/pool/classed.hpp"
#include "impls/pool/interface.hpp"
#include "impls/pool/magazine.hpp"
#include "impls/pool/peers.hpp"
#include "impls/pool/seed.hpp"
#include "impls/pool/treiber.hpp"
#include "impls/pool/treiber_tiny_tag.hpp"
#include "impls/pool/treiber_untagged.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::pool {

inline constexpr std::string_view family_name = "pool";
using ours_and_bad =
    type_list<SeedPool, ClassedPool, MagazinePool, TreiberPool, TreiberUntaggedPool, TreiberTinyTagPool>;
using in_process = with_adopted<"pool", decltype(concat(ours_and_bad{}, type_list<GlibcMalloc>{}))>;
using implementations = decltype(concat(in_process{}, type_list<TbbScalable, Jemalloc, Tcmalloc, Mimalloc>{}));
// What the verifiers and tests iterate (an adopt build: the adopted class alone).
using verified_in_process = verified<in_process, adopted<"pool">::type<>>;
using reference = GlibcMalloc;
GAUNTLET_FAMILY_CONTRACT(Pool);

}  // namespace gauntlet::pool
