#pragma once
// The checkpoint family's interfaces. Two kinds of member share one list:
//
// A Checkpointer makes a state durable through an Fs (fs.hpp):
//   explicit C(Fs& fs)                 over one directory
//   bool checkpoint(byte_view state)   true once the checkpoint is durable (acknowledged);
//                                      false: it may or may not survive a crash
//   std::optional<bytes> recover()     the newest durable checkpoint, or nullopt: none
// A new C over the same directory is how a restart after a crash looks.
//
// A SnapshotState is the state a writer thread keeps changing while a
// checkpointing thread takes consistent copies of it (copy-under-lock against
// copy-on-write, compared on the pause the writer sees):
//   explicit S(std::size_t words)      the state: `words` 64-bit words, all 0
//   void write(std::size_t i, std::uint64_t v)   one writer thread
//   void snapshot(std::vector<std::uint64_t>& out)   one checkpointing thread: the
//                                      state as it was at one instant during the call
//   std::size_t size() const           the words
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "impls/checkpoint/fs.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::checkpoint {

template <class C>
concept Checkpointer = requires(C c, Fs& fs, byte_view s) {
  C(fs);
  { c.checkpoint(s) } -> std::same_as<bool>;
  { c.recover() } -> std::same_as<std::optional<bytes>>;
};

template <class S>
concept SnapshotState = requires(S s, const S cs, std::size_t n, std::uint64_t v, std::vector<std::uint64_t>& out) {
  S(n);
  s.write(n, v);
  s.snapshot(out);
  { cs.size() } -> std::same_as<std::size_t>;
};

template <class T>
concept Member = Checkpointer<T> || SnapshotState<T>;

}  // namespace gauntlet::checkpoint
