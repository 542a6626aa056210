#pragma once
// The failure-detector family: the one list of its implementations, the
// detectors over virtual time and the heartbeat recorders of the hot path
// (interface.hpp says why one list holds both).
#include <string_view>
#include <type_traits>

#include "impls/detector/atomic_recorder.hpp"
#include "impls/detector/chen.hpp"
#include "impls/detector/fixed_timeout.hpp"
#include "impls/detector/interface.hpp"
#include "impls/detector/mutex_recorder.hpp"
#include "impls/detector/phi_exponential.hpp"
#include "impls/detector/phi_lifeguard.hpp"
#include "impls/detector/phi_normal.hpp"
#include "impls/detector/seed.hpp"
#include "impls/platform/adopted.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::detector {

inline constexpr std::string_view family_name = "detector";
using own_detectors = type_list<SeedDetector, FixedTimeoutDetector, PhiNormalDetector, PhiExponentialDetector,
                                ChenDetector, PhiLifeguardDetector>;
using own_recorders = type_list<MutexRecorder, AtomicRecorder>;

// A class `scripts/gauntlet adopt` adds (none outside adopt) joins the list of its kind.
template <class T>
struct is_detector : std::bool_constant<Detector<T>> {};
template <class T>
struct is_recorder : std::bool_constant<Recorder<T> && !Detector<T>> {};
using adopted_members = adopted<"detector">::type<>;
using detectors = decltype(concat(own_detectors{}, keep_if<is_detector, adopted_members>{}));
using recorders = decltype(concat(own_recorders{}, keep_if<is_recorder, adopted_members>{}));
// Appended whole, not by kind: the contract check below must see a class of neither kind.
using implementations = decltype(concat(concat(own_detectors{}, own_recorders{}), adopted_members{}));
// What the verifiers and tests iterate (an adopt build: the adopted class alone).
using verified_implementations = verified<implementations, adopted_members>;
using reference = FixedTimeoutDetector;
GAUNTLET_FAMILY_CONTRACT(Member);

}  // namespace gauntlet::detector
