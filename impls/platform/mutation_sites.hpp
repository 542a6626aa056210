#pragma once
// What the platform layer tells the mutation engine about a site: the kind of
// operation and the declared order (mutation.hpp does the rest, in
// GAUNTLET_MUTATE builds only). Kept apart so that a backend can name the
// operations whether or not it is a mutating build.
#include <atomic>
#include <cstdint>
#include <cstring>

namespace gauntlet::mutation {

enum class Op : std::uint8_t { load, store, rmw, cas, fence, wake, lock };

inline const char* op_name(Op op) {
  switch (op) {
    case Op::load:
      return "load";
    case Op::store:
      return "store";
    case Op::rmw:
      return "rmw";
    case Op::cas:
      return "cas";
    case Op::fence:
      return "fence";
    case Op::wake:
      return "wake";
    case Op::lock:
      return "lock";
  }
  return "?";
}

inline const char* order_name(std::memory_order m) {
  switch (m) {
    case std::memory_order_relaxed:
      return "relaxed";
    case std::memory_order_consume:
      return "consume";
    case std::memory_order_acquire:
      return "acquire";
    case std::memory_order_release:
      return "release";
    case std::memory_order_acq_rel:
      return "acq_rel";
    case std::memory_order_seq_cst:
      return "seq_cst";
  }
  return "?";
}

// The orders of a split read-modify-write's two halves (the `split` mutant,
// mutation.hpp): the load keeps the acquire part of the declared order, the
// store the release part.
inline std::memory_order load_part(std::memory_order m) {
  if (m == std::memory_order_release) return std::memory_order_relaxed;
  if (m == std::memory_order_acq_rel) return std::memory_order_acquire;
  return m;
}
inline std::memory_order store_part(std::memory_order m) {
  if (m == std::memory_order_acquire || m == std::memory_order_consume) return std::memory_order_relaxed;
  if (m == std::memory_order_acq_rel) return std::memory_order_release;
  return m;
}

// The part of a compiler-given path from its last "impls/" on; null outside impls/.
inline const char* project_path(const char* file) {
  const char* hit = nullptr;
  for (const char* p = std::strstr(file, "impls/"); p; p = std::strstr(p + 1, "impls/")) hit = p;
  return hit;
}

}  // namespace gauntlet::mutation
