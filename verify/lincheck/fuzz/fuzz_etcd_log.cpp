// libFuzzer target: the etcd-log reader, then every model's typing and a
// short check, must accept or reject any bytes without crashing or hanging.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "verify/lincheck/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gauntlet::lincheck::fuzz::exercise(std::string_view(reinterpret_cast<const char*>(data), size),
                                     [](std::string_view text) { return gauntlet::lincheck::read_etcd_log(text); });
  return 0;
}
