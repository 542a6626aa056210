#pragma once
// The failure-detector family: the one list of its implementations, the
// detectors over virtual time and the heartbeat recorders of the hot path
// (interface.hpp says why one list holds both).
#include <string_view>

#include "impls/detector/atomic_recorder.hpp"
#include "impls/detector/chen.hpp"
#include "impls/detector/fixed_timeout.hpp"
#include "impls/detector/interface.hpp"
#include "impls/detector/mutex_recorder.hpp"
#include "impls/detector/phi_exponential.hpp"
#include "impls/detector/phi_lifeguard.hpp"
#include "impls/detector/phi_normal.hpp"
#include "impls/detector/seed.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::detector {

inline constexpr std::string_view family_name = "detector";
using detectors = type_list<SeedDetector, FixedTimeoutDetector, PhiNormalDetector, PhiExponentialDetector, ChenDetector,
                            PhiLifeguardDetector>;
using recorders = type_list<MutexRecorder, AtomicRecorder>;
using implementations = decltype(concat(detectors{}, recorders{}));
using reference = FixedTimeoutDetector;
GAUNTLET_FAMILY_CONTRACT(Member);

}  // namespace gauntlet::detector
