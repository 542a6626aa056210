#pragma once
// Known-bad: the chunked copy-on-write snapshot that pins a version without
// waiting for a writer still copying a chunk under the old one, so a snapshot
// can hold words of two instants. Its one differing line is marked
// `the mutation point (cow-no-quiesce)` in cow_base.hpp.
#include <string_view>

#include "impls/checkpoint/cow_base.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::checkpoint {

class CowNoQuiesceSnapshot : public BasicCowSnapshot<false> {
 public:
  static constexpr std::string_view name = "cow-no-quiesce";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description = "chunked-cow whose snapshot does not wait for writers mid-copy";
  static constexpr auto caught_by = checks("relacy-snapshot-consistent");
  using BasicCowSnapshot<false>::BasicCowSnapshot;
};

}  // namespace gauntlet::checkpoint
