#pragma once
// Known-bad: drop-oldest whose eviction is not counted.
// The producer evicts the oldest entry exactly as ours does but forgets to
// count it, so after a flush delivered + dropped < produced and the file
// shows no drop record for the gap. Caught by accounting, drop-records, relacy-accounting.
#include <cstdint>
#include <string_view>

#include "impls/log/async_logger.hpp"
#include "impls/log/core.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::log {

struct ForgetEviction {
  static void evicted(atomic<std::uint64_t>&) {}  // the mutation point: no fetch_add (CountEviction counts)
};

class DropOldestUncountedLogger : public BasicAsyncLogger<BasicLogCore<Overflow::drop_oldest, ForgetEviction>> {
 public:
  using BasicAsyncLogger::BasicAsyncLogger;
  static constexpr std::string_view name = "drop-oldest-uncounted";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description = "ring-drop-oldest whose evictions are not counted";
  static constexpr auto caught_by = checks("accounting", "drop-records", "relacy-accounting");
};

}  // namespace gauntlet::log
