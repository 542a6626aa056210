#pragma once
// Chunked copy-on-write snapshots: the writer never waits for the copy.
//
// The state is chunks (live_[c], each tagged with the snapshot number in
// whose time it was made). A snapshot E pins every chunk whose tag is below E:
// the writer, about to change a pinned chunk, copies it first (one chunk, so
// its pause does not grow with the state), parks the pinned one in saved_[c]
// and publishes the copy, tagged E. The checkpointer reads each chunk from
// live_ if its tag is below E, else from saved_: either way a chunk that no
// write changes during E.
//
// The handshake (seq_, odd while a write is in progress; epoch_, 2E + 1 while
// snapshot E is being taken, 2E after): the checkpointer stores epoch_, then
// waits out the write in flight, if any. Dekker's pattern, so both sides are
// seq_cst: either a write's load of epoch_ sees the pin, or the checkpointer's
// load of seq_ sees that write in progress and waits for its end (the release
// of seq_ then orders its in-place change before the copy). Unpinning waits
// the same way, after which no write touches saved_ and its chunks are freed.
//
// One writer thread and one checkpointing thread.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "impls/checkpoint/interface.hpp"
#include "impls/platform/platform.hpp"

namespace gauntlet::checkpoint {

template <bool Quiesce>
class BasicCowSnapshot {
 public:
  explicit BasicCowSnapshot(std::size_t words, std::size_t chunk_words = 512)
      // mutation-equivalent: without the - 1, a whole number of chunks gets one spare chunk that no word maps
      // to and whose copy in snapshot() is 0 words long.
      : n_(words), chunk_(chunk_words), chunks_((words + chunk_words - 1) / chunk_words) {
    // mutation-equivalent: construction is single-threaded and the two arrays are independent; either order.
    live_ = std::make_unique<atomic<Chunk*>[]>(chunks_);
    saved_ = std::make_unique<atomic<Chunk*>[]>(chunks_);
    for (std::size_t c = 0; c < chunks_; ++c) {
      Chunk* p = new Chunk(chunk_, 0);
      for (std::size_t i = 0; i < chunk_; ++i) p->words.store(i, 0);
      // mutation-equivalent: two different slots, before any thread sees the object; either order.
      live_[c].store(p, std::memory_order_relaxed);
      saved_[c].store(nullptr, std::memory_order_relaxed);
    }
    // mutation-equivalent: two different words, before any thread sees the object; either order.
    seq_.store(0, std::memory_order_relaxed);
    epoch_.store(0, std::memory_order_relaxed);
  }
  ~BasicCowSnapshot() {
    for (std::size_t c = 0; c < chunks_; ++c) {
      delete live_[c].load(std::memory_order_relaxed);
      delete saved_[c].load(std::memory_order_relaxed);
    }
  }
  BasicCowSnapshot(const BasicCowSnapshot&) = delete;
  BasicCowSnapshot& operator=(const BasicCowSnapshot&) = delete;

  void write(std::size_t i, std::uint64_t v) {
    const std::uint64_t s = seq_.load(std::memory_order_relaxed);  // the writer's own counter
    seq_.store(s + 1, std::memory_order_seq_cst);
    const std::uint64_t e = epoch_.load(std::memory_order_seq_cst);
    const std::size_t c = i / chunk_;
    Chunk* p = live_[c].load(std::memory_order_relaxed);  // only the writer stores live_
    if ((e & 1) != 0 && p->tag.load() < e / 2) {
      Chunk* copy = new Chunk(chunk_, e / 2);
      // mutation-equivalent: the marks are the model checker's annotations, not accesses: the copy swapped
      // past either mark, or two marks swapped, still leaves every access of the copy bracketed by a mark.
      p->words.mark_read(0, chunk_);
      copy_words(copy, p);            // mutation-equivalent: see above
      p->words.mark_read(0, chunk_);  // mutation-equivalent: see above
      copy->words.mark_written(0, chunk_);
      saved_[c].store(p, std::memory_order_relaxed);
      live_[c].store(copy, std::memory_order_release);
      p = copy;
    }
    p->words.store(i % chunk_, v);
    seq_.store(s + 2, std::memory_order_release);
  }

  void snapshot(std::vector<std::uint64_t>& out) {
    out.resize(n_);
    const std::uint64_t e = ++snaps_;
    epoch_.store(2 * e + 1, std::memory_order_seq_cst);
    if (Quiesce) quiesce();  // the mutation point (cow-no-quiesce)
    for (std::size_t c = 0; c < chunks_; ++c) {
      Chunk* p = live_[c].load(std::memory_order_acquire);
      // The copy was published after saved_ was set (release above, acquire here), so saved_ and the
      // parked chunk's words are visible already; a snapshot sees no later store to saved_[c].
      if (p->tag.load() >= e) p = saved_[c].load(std::memory_order_relaxed);
      const std::size_t first = c * chunk_;
      const std::size_t n = first + chunk_ <= n_ ? chunk_ : n_ - first;
      p->words.mark_read(0, n);
      std::memcpy(out.data() + first, p->words.bytes(0), n * sizeof(std::uint64_t));
      p->words.mark_read(0, n);
    }
    epoch_.store(2 * e, std::memory_order_seq_cst);
    quiesce();
    for (std::size_t c = 0; c < chunks_; ++c) {
      delete saved_[c].load(std::memory_order_relaxed);
      saved_[c].store(nullptr, std::memory_order_relaxed);
    }
  }

  std::size_t size() const { return n_; }

 private:
  struct Chunk {
    Chunk(std::size_t words, std::uint64_t t) : words(words), tag(t) {}
    shared_words words;
    shared_var<std::uint64_t> tag;  // written before the chunk is published, then only read
  };

  void copy_words(Chunk* to, Chunk* from) const {
    std::memcpy(to->words.bytes(0), from->words.bytes(0), chunk_ * sizeof(std::uint64_t));
  }

  // Waits for the write in progress when called, if any, to end.
  void quiesce() {
    const std::uint64_t s = seq_.load(std::memory_order_seq_cst);
    if ((s & 1) == 0) return;
    while (seq_.load(std::memory_order_acquire) == s) spin_pause();
  }

  std::size_t n_, chunk_, chunks_;
  std::unique_ptr<atomic<Chunk*>[]> live_;
  std::unique_ptr<atomic<Chunk*>[]> saved_;
  atomic<std::uint64_t> seq_;
  atomic<std::uint64_t> epoch_;
  std::uint64_t snaps_ = 0;  // the checkpointer's own
};

template <class T>
inline constexpr bool copy_on_write =
    std::is_base_of_v<BasicCowSnapshot<true>, T> || std::is_base_of_v<BasicCowSnapshot<false>, T>;

class CowSnapshot : public BasicCowSnapshot<true> {
 public:
  static constexpr std::string_view name = "chunked-cow";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "chunked copy-on-write: a snapshot pins the chunks, the writer copies one 4 KiB chunk before changing it; "
      "the writer never waits for the copy";
  using BasicCowSnapshot<true>::BasicCowSnapshot;
};

}  // namespace gauntlet::checkpoint
