#pragma once
// Mutation of memory orders, fences and wake-ups, for `scripts/gauntlet mutate`.
//
// In a build with GAUNTLET_MUTATE=1 every atomic operation, fence and wake-up
// that implementation code makes through the platform layer passes its source
// location here. Two environment variables then steer it:
//
//   GAUNTLET_MUTATION_SITES=FILE   record every site the run executes (file,
//                                  line, column, operation, declared order),
//                                  written to FILE when the process exits;
//   GAUNTLET_MUTANT=ID             weaken one site: ID is
//                                  FILE:LINE:COLUMN:OP:FROM>TO, e.g.
//                                  impls/queue/spsc_ring.hpp:101:20:store:release>relaxed
//                                  or ...:fence:seq_cst>drop, ...:wake:seq_cst>drop,
//                                  ...:lock:seq_cst>drop (a scoped lock that
//                                  neither locks nor unlocks: platform lock_guard),
//                                  or ...:rmw:relaxed>split (a read-modify-write
//                                  done as a load then a store, orders kept:
//                                  the lost update of a hand-rolled counter).
//
// Only sites in impls/ count (the platform backends pass their callers'
// locations on), so checks and tests are never mutated. Builds without
// GAUNTLET_MUTATE never include this header: its cost is zero there.
//
// No allocation after start-up: Relacy replaces operator new inside a
// simulation and would free what we allocate there, so the site table is a
// fixed array and the mutant is parsed once, before main.
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <source_location>

#include "impls/platform/mutation_sites.hpp"

namespace gauntlet::mutation {

namespace detail {

struct Site {
  std::atomic<std::uint64_t> key{0};  // 0: free
  const char* file = nullptr;
  unsigned line = 0, column = 0;
  Op op = Op::load;
  std::memory_order order = std::memory_order_seq_cst;
};

inline constexpr std::size_t table_size = 4096;  // far more than the tree's sites; a full table drops the rest

struct Mutant {
  bool active = false;
  char file[256] = {};
  unsigned line = 0, column = 0;
  Op op = Op::load;
  bool drop = false;   // fence, wake-up or scoped lock removed
  bool split = false;  // read-modify-write made a load and a store
  std::memory_order to = std::memory_order_seq_cst;
};

inline bool parse_order(const char* s, std::size_t n, std::memory_order& out) {
  static constexpr std::memory_order all[] = {std::memory_order_relaxed, std::memory_order_consume,
                                              std::memory_order_acquire, std::memory_order_release,
                                              std::memory_order_acq_rel, std::memory_order_seq_cst};
  for (auto m : all)
    if (std::strlen(order_name(m)) == n && std::strncmp(order_name(m), s, n) == 0) {
      out = m;
      return true;
    }
  return false;
}

// FILE:LINE:COLUMN:OP:FROM>TO; a malformed ID stops the process (exit 3): a
// run that silently mutates nothing would report a survivor that never was.
inline Mutant parse_mutant(const char* id) {
  Mutant m;
  if (!id || !*id) return m;
  auto fail = [&](const char* why) {
    std::fprintf(stderr, "GAUNTLET_MUTANT=%s: %s\n", id, why);
    std::exit(3);
  };
  const char* p = std::strchr(id, ':');
  if (!p || static_cast<std::size_t>(p - id) >= sizeof m.file) fail("expected FILE:LINE:COLUMN:OP:FROM>TO");
  std::memcpy(m.file, id, static_cast<std::size_t>(p - id));
  char* end = nullptr;
  m.line = static_cast<unsigned>(std::strtoul(p + 1, &end, 10));
  if (*end != ':') fail("bad LINE");
  m.column = static_cast<unsigned>(std::strtoul(end + 1, &end, 10));
  if (*end != ':') fail("bad COLUMN");
  const char* op = end + 1;
  const char* colon = std::strchr(op, ':');
  if (!colon) fail("bad OP");
  bool found = false;
  for (Op o : {Op::load, Op::store, Op::rmw, Op::cas, Op::fence, Op::wake, Op::lock})
    if (std::strlen(op_name(o)) == static_cast<std::size_t>(colon - op) &&
        std::strncmp(op_name(o), op, static_cast<std::size_t>(colon - op)) == 0) {
      m.op = o;
      found = true;
    }
  if (!found) fail("unknown OP");
  const char* arrow = std::strchr(colon + 1, '>');
  if (!arrow) fail("expected FROM>TO");
  const char* to = arrow + 1;
  if (std::strcmp(to, "drop") == 0) {
    m.drop = true;
  } else if (std::strcmp(to, "split") == 0) {
    if (m.op != Op::rmw) fail("only a read-modify-write (rmw) can be split");
    m.split = true;
  } else if (!parse_order(to, std::strlen(to), m.to)) {
    fail("unknown TO order");
  }
  m.active = true;
  return m;
}

class State {
 public:
  State() : mutant_(parse_mutant(std::getenv("GAUNTLET_MUTANT"))) {
    const char* sites = std::getenv("GAUNTLET_MUTATION_SITES");
    if (sites && *sites) {
      std::snprintf(sites_path_, sizeof sites_path_, "%s", sites);
      recording_ = true;
    }
  }
  // Written at exit, so a run that ends normally or through exit() is recorded.
  ~State() { write_sites(); }

  const Mutant& mutant() const { return mutant_; }
  bool recording() const { return recording_; }

  void record(const char* file, const std::source_location& l, Op op, std::memory_order order) {
    std::uint64_t h = reinterpret_cast<std::uintptr_t>(file) * 0x9E3779B97F4A7C15ull;
    h ^= (std::uint64_t{l.line()} << 24) ^ (std::uint64_t{l.column()} << 8) ^ (static_cast<std::uint64_t>(op) << 4) ^
         static_cast<std::uint64_t>(order);
    const std::uint64_t key = h | 1;  // never 0
    for (std::size_t i = 0; i < table_size; ++i) {
      Site& s = table_[(h + i) % table_size];
      std::uint64_t seen = s.key.load(std::memory_order_acquire);
      if (seen == key) return;
      if (seen == 0) {
        // Fill the slot before publishing its key; a racing duplicate of the
        // same site may fill another slot, which the reader merges.
        std::uint64_t expected = 0;
        if (s.key.compare_exchange_strong(expected, ~std::uint64_t{0}, std::memory_order_acq_rel)) {
          s.file = file;
          s.line = l.line();
          s.column = l.column();
          s.op = op;
          s.order = order;
          s.key.store(key, std::memory_order_release);
          return;
        }
        if (expected == key) return;
      }
    }
  }

 private:
  void write_sites() {
    if (!recording_) return;
    std::FILE* f = std::fopen(sites_path_, "a");
    if (!f) return;
    for (Site& s : table_) {
      std::uint64_t k = s.key.load(std::memory_order_acquire);
      if (k == 0 || k == ~std::uint64_t{0}) continue;
      std::fprintf(f, "%s:%u:%u:%s:%s\n", s.file, s.line, s.column, op_name(s.op), order_name(s.order));
    }
    std::fclose(f);
  }

  Mutant mutant_;
  bool recording_ = false;
  char sites_path_[1024] = {};
  std::array<Site, table_size> table_;
};

inline State& state() {
  static State s;
  return s;
}
// Constructed before main, outside any Relacy simulation.
inline const bool initialised = (state(), true);

inline bool is_mutant(const Mutant& m, const char* file, const std::source_location& l, Op op) {
  return m.active && m.line == l.line() && m.column == l.column() && m.op == op && std::strcmp(m.file, file) == 0;
}

}  // namespace detail

// The order to use at a site that declares `order`.
inline std::memory_order order_at(std::memory_order order, Op op, const std::source_location& l) {
  detail::State& st = detail::state();
  const char* file = project_path(l.file_name());
  if (!file) return order;
  if (st.recording()) st.record(file, l, op, order);
  const detail::Mutant& m = st.mutant();
  if (detail::is_mutant(m, file, l, op) && !m.drop && !m.split) return m.to;
  return order;
}

// Whether the read-modify-write at this site is to be done as a load then a
// store (called after order_at, which recorded the site).
inline bool split_at(const std::source_location& l) {
  const detail::Mutant& m = detail::state().mutant();
  if (!m.active || !m.split) return false;
  const char* file = project_path(l.file_name());
  return file && detail::is_mutant(m, file, l, Op::rmw);
}

// Whether a fence, wake-up or scoped lock at this site happens at all.
inline bool performed_at(Op op, std::memory_order order, const std::source_location& l) {
  detail::State& st = detail::state();
  const char* file = project_path(l.file_name());
  if (!file) return true;
  if (st.recording()) st.record(file, l, op, order);
  const detail::Mutant& m = st.mutant();
  return !(detail::is_mutant(m, file, l, op) && m.drop);
}

}  // namespace gauntlet::mutation
