#pragma once
// What a check on real threads found, kept by the check as it runs: whether
// the property broke, how many rounds it made, and the first violation's
// message (later ones do not overwrite it). verdict.hpp's as_result turns it
// into a verifier row; the Catch2 tests assert on it directly.
#include <cstdint>
#include <string>
#include <utility>

namespace gauntlet::verify {

struct Found {
  bool violated = false;
  std::uint64_t iterations = 0;
  std::string message;
  void fail(std::string m) {
    if (!violated) message = std::move(m);
    violated = true;
  }
};

}  // namespace gauntlet::verify
