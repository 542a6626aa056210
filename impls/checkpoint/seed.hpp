#pragma once
// The seed's checkpoint (section 6.1), as written: a known-bad variant. Under
// one lock for the whole copy it serializes the state (Go's JSON of a []byte is
// base64, so base64 here) and appends it to a slice in memory: nothing reaches
// the file system, and a crash loses every checkpoint.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impls/checkpoint/fs.hpp"
#include "impls/platform/platform.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::checkpoint {

class SeedCheckpoint {
 public:
  static constexpr std::string_view name = "seed";
  static constexpr Kind kind = Kind::known_bad;
  static constexpr std::string_view description =
      "the seed's (6.1) CreateCheckpoint: under one lock, serialize the state (base64, as Go's JSON of []byte) and "
      "append it to an in-memory slice";
  static constexpr auto caught_by = checks("survives-crash");

  explicit SeedCheckpoint(Fs&) {}

  bool checkpoint(byte_view state) {
    unique_lock<mutex> g(mu_);
    checkpoints_.push_back({++id_, encode(state)});
    return true;
  }
  std::optional<bytes> recover() {
    unique_lock<mutex> g(mu_);
    if (checkpoints_.empty()) return std::nullopt;
    return decode(checkpoints_.back().data);
  }

 private:
  struct Entry {
    std::uint64_t id;
    std::string data;
  };
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  static std::string encode(byte_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < in.size(); i += 3) {
      std::uint32_t v = static_cast<std::uint32_t>(in[i]) << 16;
      if (i + 1 < in.size()) v |= static_cast<std::uint32_t>(in[i + 1]) << 8;
      if (i + 2 < in.size()) v |= static_cast<std::uint32_t>(in[i + 2]);
      out += alphabet[(v >> 18) & 63];
      out += alphabet[(v >> 12) & 63];
      out += i + 1 < in.size() ? alphabet[(v >> 6) & 63] : '=';
      out += i + 2 < in.size() ? alphabet[v & 63] : '=';
    }
    return out;
  }
  static bytes decode(const std::string& in) {
    auto val = [](char c) -> std::uint32_t {
      const std::string_view a(alphabet);
      return static_cast<std::uint32_t>(a.find(c));
    };
    bytes out;
    for (std::size_t i = 0; i + 3 < in.size(); i += 4) {
      const std::uint32_t v = val(in[i]) << 18 | val(in[i + 1]) << 12 | (in[i + 2] == '=' ? 0 : val(in[i + 2]) << 6) |
                              (in[i + 3] == '=' ? 0 : val(in[i + 3]));
      out.push_back(static_cast<std::byte>(v >> 16));
      if (in[i + 2] != '=') out.push_back(static_cast<std::byte>(v >> 8));
      if (in[i + 3] != '=') out.push_back(static_cast<std::byte>(v));
    }
    return out;
  }

  mutex mu_;
  std::vector<Entry> checkpoints_;
  std::uint64_t id_ = 0;
};

}  // namespace gauntlet::checkpoint
