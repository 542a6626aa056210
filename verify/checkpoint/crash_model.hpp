#pragma once
// The crash model: which file-system states a power loss may leave, given the
// operations a run made (impls/checkpoint/recording_fs.hpp logs them).
//
// Persistence rules assumed (ext4, data=ordered, default mount options), as
// conservative as the checks need:
//   R1  Directory operations (create, rename, unlink) reach the disk in program
//       order: what survives of them is a prefix (the journal commits them in
//       order).
//   R2  A successful fsync of the directory makes every directory operation
//       before it durable. An fsync of a file makes no directory operation
//       durable (on ext4 it often does, by committing the journal: not relied
//       on), and creating a file is a directory operation.
//   R3  A data write is durable once the next sync (fsync or fdatasync) of its
//       file after it succeeds.
//   R4  A write not yet durable may persist whole, not at all, torn (a prefix of
//       its 512-byte sectors: the last write of a run included) or as zeros
//       (the file's size reached the disk, its data did not); each write
//       independently of the others and of the directory operations: no
//       ordering of data before metadata is relied on, nor ext4's
//       auto_da_alloc flush on a rename over an existing file.
//   R5  A failed sync (EIO): the writes it was to make durable stay under R4
//       for good, and no later sync makes them durable (Linux marks the pages
//       clean and reports the error once). A failed directory fsync is no
//       barrier.
//   R6  Where persisted writes overlap, the later one wins.
// The directory starts empty and exists durably.
//
// CrashPoint k (0 ... log size): the first k operations were issued. Its
// states: a choice of how many pending directory operations persist (R1) and,
// for each pending write, one of its fates (R4). `pessimistic` (nothing
// pending persists) and `optimistic` (everything issued persists whole) are
// two of them; `enumerate` visits all, up to a cap.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "impls/checkpoint/recording_fs.hpp"

namespace gauntlet::checkpoint::crash {

inline constexpr std::uint64_t sector = 512;

// One pending write's fate: absent, whole, zeros, or torn after `keep` bytes.
struct Fate {
  enum { absent, whole, zeros, torn } what = absent;
  std::uint64_t keep = 0;
};

struct CrashPoint {
  std::size_t k = 0;
  std::vector<std::size_t> durable_dir, pending_dir;  // indices into the log
  std::vector<std::size_t> durable_writes, pending_writes;
};

inline CrashPoint analyse(const std::vector<Op>& log, std::size_t k) {
  CrashPoint cp;
  cp.k = k;
  std::size_t dir_barrier = 0;  // dir ops before this index are durable
  for (std::size_t i = 0; i < k; ++i)
    if (log[i].type == OpType::fsync_dir && !log[i].failed) dir_barrier = i;
  for (std::size_t i = 0; i < k; ++i) {
    const Op& op = log[i];
    if (op.type == OpType::create || op.type == OpType::rename || op.type == OpType::unlink) {
      (i < dir_barrier ? cp.durable_dir : cp.pending_dir).push_back(i);
    } else if (op.type == OpType::write) {
      bool durable = false;
      for (std::size_t j = i + 1; j < k; ++j)
        if (log[j].type == OpType::fsync && log[j].inode == op.inode) {
          durable = !log[j].failed;  // the first sync after the write decides (R3, R5)
          break;
        }
      (durable ? cp.durable_writes : cp.pending_writes).push_back(i);
    }
  }
  return cp;
}

// The fates a pending write may meet: whole, absent, zeros, and up to max_torn
// torn prefixes at sector boundaries inside it (spread over them).
inline std::vector<Fate> fates_of(const Op& w, std::size_t max_torn) {
  std::vector<Fate> out{{Fate::whole, 0}, {Fate::absent, 0}, {Fate::zeros, 0}};
  std::vector<std::uint64_t> cuts;
  for (std::uint64_t b = (w.offset / sector + 1) * sector; b < w.offset + w.data.size(); b += sector)
    cuts.push_back(b - w.offset);
  if (cuts.size() <= max_torn) {
    for (auto c : cuts) out.push_back({Fate::torn, c});
  } else if (max_torn > 0) {
    for (std::size_t t = 0; t < max_torn; ++t) {
      const std::size_t idx = max_torn == 1 ? cuts.size() - 1 : t * (cuts.size() - 1) / (max_torn - 1);
      out.push_back({Fate::torn, cuts[idx]});
    }
  }
  return out;
}

// The disk image of one state of cp: `dirs` pending directory operations
// persist, pending write i meets fates[i].
inline FsImage build(const std::vector<Op>& log, const CrashPoint& cp, std::size_t dirs,
                     const std::vector<Fate>& fates) {
  FsImage img;
  std::uint32_t inodes = 0;
  for (std::size_t i = 0; i < cp.k; ++i)
    if (log[i].type == OpType::create) inodes = std::max(inodes, log[i].inode + 1);
  img.inodes.resize(inodes);
  // Writes, in program order (R6): durable ones whole, pending ones by their fate.
  std::size_t d = 0, p = 0;
  for (std::size_t i = 0; i < cp.k; ++i) {
    if (log[i].type != OpType::write) continue;
    Fate f{Fate::whole, 0};
    if (d < cp.durable_writes.size() && cp.durable_writes[d] == i) {
      ++d;
    } else {
      f = fates[p++];
    }
    const Op& w = log[i];
    bytes& file = img.inodes[w.inode];
    std::uint64_t len = w.data.size();
    if (f.what == Fate::absent) continue;
    if (f.what == Fate::torn) len = f.keep;
    if (file.size() < w.offset + len) file.resize(w.offset + len);
    if (f.what == Fate::zeros)
      std::fill_n(file.begin() + static_cast<std::ptrdiff_t>(w.offset), len, std::byte{0});
    else
      std::copy_n(w.data.begin(), len, file.begin() + static_cast<std::ptrdiff_t>(w.offset));
  }
  // Directory operations: the durable ones and a prefix of the pending ones (R1, R2).
  auto apply = [&](const Op& op) {
    if (op.type == OpType::create) {
      img.names[op.name] = op.inode;
    } else if (op.type == OpType::rename) {
      auto it = img.names.find(op.name);
      if (it == img.names.end()) return;
      const std::uint32_t ino = it->second;
      img.names.erase(it);
      img.names[op.to] = ino;
    } else if (op.type == OpType::unlink) {
      img.names.erase(op.name);
    }
  };
  for (std::size_t i : cp.durable_dir) apply(log[i]);
  for (std::size_t i = 0; i < dirs && i < cp.pending_dir.size(); ++i) apply(log[cp.pending_dir[i]]);
  return img;
}

inline FsImage pessimistic(const std::vector<Op>& log, const CrashPoint& cp) {
  return build(log, cp, 0, std::vector<Fate>(cp.pending_writes.size(), Fate{Fate::absent, 0}));
}
inline FsImage optimistic(const std::vector<Op>& log, const CrashPoint& cp) {
  return build(log, cp, cp.pending_dir.size(), std::vector<Fate>(cp.pending_writes.size(), Fate{Fate::whole, 0}));
}

struct Enumerated {
  std::uint64_t states = 0;  // visited
  std::uint64_t capped = 0;  // states of the point left out by the cap
};

// Visits every state of cp (every directory prefix times every combination
// of fates), at most `cap` of them; stops early when visit returns false.
inline Enumerated enumerate(const std::vector<Op>& log, const CrashPoint& cp, std::size_t max_torn, std::uint64_t cap,
                            const std::function<bool(const FsImage&)>& visit) {
  std::vector<std::vector<Fate>> options;
  std::uint64_t total = cp.pending_dir.size() + 1;
  for (std::size_t i : cp.pending_writes) {
    options.push_back(fates_of(log[i], max_torn));
    total = total > cap ? total : total * options.back().size();
  }
  Enumerated out;
  std::vector<std::size_t> pick(options.size(), 0);
  std::vector<Fate> fates(options.size());
  for (std::size_t dirs = 0; dirs <= cp.pending_dir.size(); ++dirs) {
    std::fill(pick.begin(), pick.end(), 0);
    while (true) {
      if (out.states >= cap) {
        out.capped = total > out.states ? total - out.states : 0;
        return out;
      }
      for (std::size_t i = 0; i < options.size(); ++i) fates[i] = options[i][pick[i]];
      ++out.states;
      if (!visit(build(log, cp, dirs, fates))) return out;
      std::size_t i = 0;
      while (i < pick.size() && ++pick[i] == options[i].size()) pick[i++] = 0;
      if (i == pick.size()) break;
    }
  }
  return out;
}

}  // namespace gauntlet::checkpoint::crash
