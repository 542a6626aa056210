#pragma once
// What travels on the simulated network: Raft messages between nodes, and
// client requests and replies between clients and nodes.
#include <cstdint>
#include <string>
#include <variant>

#include "impls/raft/kv.hpp"
#include "impls/raft/types.hpp"

namespace gauntlet::raft::simulation {

struct ClientRequest {
  KvCommand command;  // carries (client, seq): retries reuse it, so a write applies once
  std::uint64_t attempt = 0;
};

struct ClientReply {
  enum class Status : std::uint8_t { ok, not_leader };
  std::uint64_t client = 0;
  std::uint64_t seq = 0;
  Status status = Status::ok;
  KvResult result;
  int leader_hint = -1;
};

using Packet = std::variant<Message, ClientRequest, ClientReply>;

}  // namespace gauntlet::raft::simulation
