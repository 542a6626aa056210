// The crash model's persistence rules (crash_model.hpp), one at a time, on
// hand-made logs.
#include <catch2/catch.hpp>

#include "impls/checkpoint/recording_fs.hpp"
#include "verify/checkpoint/crash_model.hpp"

using namespace gauntlet::checkpoint;
using namespace gauntlet::checkpoint::crash;

namespace {
bytes blob(std::size_t n, std::byte b) { return bytes(n, b); }
}  // namespace

TEST_CASE("a write is durable only after a successful sync of its file", "[checkpoint][model]") {
  RecordingFs fs;
  const int fd = fs.create("f");
  fs.pwrite(fd, blob(10, std::byte{7}), 0);
  const std::size_t before_sync = fs.log().size();
  fs.fsync(fd);
  fs.fsync_dir();
  const auto& log = fs.log();
  CrashPoint cp = analyse(log, before_sync);
  CHECK(cp.pending_writes.size() == 1);
  CHECK(pessimistic(log, cp).names.empty());  // the create is not durable either (R2)
  cp = analyse(log, log.size());
  CHECK(cp.pending_writes.empty());
  CHECK(cp.pending_dir.empty());
  const FsImage img = pessimistic(log, cp);
  REQUIRE(img.names.count("f") == 1);
  CHECK(img.inodes[img.names.at("f")] == blob(10, std::byte{7}));
}

TEST_CASE("a failed sync leaves its writes pending for good", "[checkpoint][model]") {
  RecordingFs fs;
  fs.fail_sync_at(0);
  const int fd = fs.create("f");
  fs.pwrite(fd, blob(10, std::byte{7}), 0);
  CHECK(fs.fdatasync(fd) == -EIO);
  CHECK(fs.fdatasync(fd) == 0);  // the retry succeeds, as on Linux
  fs.fsync_dir();
  const CrashPoint cp = analyse(fs.log(), fs.log().size());
  CHECK(cp.pending_writes.size() == 1);
  const FsImage img = pessimistic(fs.log(), cp);
  REQUIRE(img.names.count("f") == 1);
  CHECK(img.inodes[img.names.at("f")].empty());
}

TEST_CASE("pending directory operations persist as a prefix, in order", "[checkpoint][model]") {
  RecordingFs fs;
  fs.create("a");
  fs.fsync_dir();
  fs.create("b");
  fs.rename("b", "c");
  fs.unlink("a");
  const CrashPoint cp = analyse(fs.log(), fs.log().size());
  REQUIRE(cp.pending_dir.size() == 3);
  std::vector<std::vector<std::string>> seen;
  enumerate(fs.log(), cp, 0, 100, [&](const FsImage& img) {
    std::vector<std::string> names;
    for (const auto& [n, i] : img.names) names.push_back(n);
    seen.push_back(names);
    return true;
  });
  const std::vector<std::vector<std::string>> want{{"a"}, {"a", "b"}, {"a", "c"}, {"c"}};
  CHECK(seen == want);
}

TEST_CASE("a pending write may persist whole, not at all, as zeros or torn at a sector", "[checkpoint][model]") {
  RecordingFs fs;
  const int fd = fs.create("f");
  fs.fsync_dir();
  fs.pwrite(fd, blob(1200, std::byte{9}), 0);
  const CrashPoint cp = analyse(fs.log(), fs.log().size());
  std::vector<std::size_t> sizes;
  std::size_t zeroed = 0;
  const Enumerated e = enumerate(fs.log(), cp, 8, 100, [&](const FsImage& img) {
    const bytes& f = img.inodes[img.names.at("f")];
    sizes.push_back(f.size());
    if (!f.empty() && f[0] == std::byte{0}) ++zeroed;
    return true;
  });
  CHECK(e.states == 5);
  CHECK(e.capped == 0);
  CHECK(sizes == std::vector<std::size_t>{1200, 0, 1200, 512, 1024});
  CHECK(zeroed == 1);
}

TEST_CASE("the cap bounds the states of a point and counts the rest", "[checkpoint][model]") {
  RecordingFs fs;
  const int fd = fs.create("f");
  fs.fsync_dir();
  for (int i = 0; i < 6; ++i) fs.pwrite(fd, blob(100, std::byte{1}), 100 * i);
  const Enumerated e =
      enumerate(fs.log(), analyse(fs.log(), fs.log().size()), 0, 50, [](const FsImage&) { return true; });
  CHECK(e.states == 50);
  CHECK(e.capped > 0);
}
