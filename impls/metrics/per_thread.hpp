#pragma once
// Per-thread accumulation merged on scrape. Each thread that counts gets a
// slot of its own (chunked cells, allocated as it touches them) and adds to
// its own cell with a relaxed load and store: one writer per cell, so no
// read-modify-write and no shared line. A scrape sums, under the cells'
// mutex, the retired totals and every live slot. When a thread exits, its
// slot's counts are folded into the retired totals and the slot removed,
// under that same mutex, so a scrape sees them in one place or the other,
// never both or neither: counts from exited threads are kept, exactly.
//
// Threads are found two ways (Threads):
//   OsThreads     a thread_local list of the slots a thread holds; its
//                 destructor (the thread's exit) retires them. The family's class.
//   ModelThreads  slots indexed by thread_slot(), retired by an explicit
//                 thread_exit(): the model checker's threads are not OS threads.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "impls/metrics/basic_registry.hpp"
#include "impls/metrics/chunks.hpp"

namespace gauntlet::metrics {

struct OsThreads {
  static constexpr bool model = false;
};
struct ModelThreads {
  static constexpr bool model = true;
  static constexpr unsigned max_threads = 8;
};

template <class Threads, std::size_t ChunkCells = 1024, std::size_t MaxChunks = 1024>
class PerThreadCells {
  using Cells = Chunks<ChunkCells, MaxChunks>;
  struct Slot {
    Cells cells;
  };
  struct State {
    mutex mu;
    std::vector<std::unique_ptr<Slot>> live;
    std::vector<std::uint64_t> retired;               // per cell: the counts of exited threads
    Slot* by_thread[ModelThreads::max_threads] = {};  // ModelThreads only
    // live and retired are plain data that mu guards and the model checker
    // cannot see: this checked variable stands for them (written where they
    // change, read by a scrape), so an access mu does not order races there.
    shared_var<std::uint32_t> shape{0};
  };

  // OsThreads: what this thread holds. The State outlives the registry while
  // a thread still holds a slot in it.
  struct Held {
    std::shared_ptr<State> state;
    Slot* slot;
  };
  struct ThreadList {
    std::vector<Held> held;
    ~ThreadList() {
      for (auto& h : held) retire(*h.state, h.slot);
    }
  };
  struct Cache {
    const State* state = nullptr;
    Slot* slot = nullptr;
  };
  static ThreadList& thread_list() {
    thread_local ThreadList list;
    return list;
  }
  static inline constinit thread_local Cache cache_{};

 public:
  using Ref = std::uint32_t;

  PerThreadCells() : state_(std::make_shared<State>()) {}

  Ref make(std::uint32_t id) {
    lock_guard<mutex> g(state_->mu);
    state_->shape.store(state_->shape.load() + 1);
    if (state_->retired.size() <= id) state_->retired.resize(id + 1, 0);
    return id;
  }

  void add(const Ref& id, std::uint64_t n) {
    Slot* slot = local();
    atomic<std::uint64_t>* c = slot->cells.find(id);
    if (!c) c = &grow(slot, id);
    // mutation-equivalent: one writer per cell (this thread), so a load and a
    // store lose nothing; the scrape only reads.
    c->store(c->load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }

  void read_all(std::uint64_t* out, std::size_t n) const {
    lock_guard<mutex> g(state_->mu);
    (void)state_->shape.load();
    for (std::size_t i = 0; i < n; ++i) out[i] = i < state_->retired.size() ? state_->retired[i] : 0;
    for (const auto& s : state_->live) s->cells.add_into(out, n);
  }

  // ModelThreads: the calling thread's exit.
  void thread_exit() {
    static_assert(Threads::model, "OsThreads retire at the thread's exit");
    Slot*& s = state_->by_thread[thread_slot()];
    if (s) retire(*state_, s);
    s = nullptr;
  }

  std::size_t live_slots() const {
    lock_guard<mutex> g(state_->mu);
    return state_->live.size();
  }

 private:
  Slot* local() {
    if constexpr (Threads::model) {
      Slot*& s = state_->by_thread[thread_slot()];
      if (!s) s = attach(*state_);
      return s;
    } else {
      if (cache_.state == state_.get()) return cache_.slot;
      return local_slow();
    }
  }

  Slot* local_slow() {
    auto& held = thread_list().held;
    for (auto& h : held)
      if (h.state == state_) return remember(h.slot);
    // Drop what this thread holds in registries that are gone (it is the last owner).
    for (std::size_t i = 0; i < held.size();)
      if (held[i].state.use_count() == 1) {
        held[i] = held.back();
        held.pop_back();
      } else {
        ++i;
      }
    held.push_back(Held{state_, attach(*state_)});
    return remember(held.back().slot);
  }
  Slot* remember(Slot* s) {
    cache_ = Cache{state_.get(), s};
    return s;
  }

  static Slot* attach(State& st) {
    auto slot = std::make_unique<Slot>();
    Slot* raw = slot.get();
    lock_guard<mutex> g(st.mu);
    st.shape.store(st.shape.load() + 1);
    st.live.push_back(std::move(slot));
    return raw;
  }

  // Under the mutex: a scrape either sees this slot or its counts in retired.
  static void retire(State& st, Slot* slot) {
    lock_guard<mutex> g(st.mu);
    st.shape.store(st.shape.load() + 1);
    slot->cells.add_into(st.retired.data(), st.retired.size());
    for (std::size_t i = 0; i < st.live.size(); ++i)
      if (st.live[i].get() == slot) {
        st.live[i] = std::move(st.live.back());
        st.live.pop_back();
        break;
      }
  }

  // The chunk holding cell id, allocated by its owner under the mutex (a scrape reads the directory).
  atomic<std::uint64_t>& grow(Slot* slot, std::uint32_t id) {
    lock_guard<mutex> g(state_->mu);
    return slot->cells.make(id);
  }

  std::shared_ptr<State> state_;
};

class PerThreadRegistry : public BasicRegistry<PerThreadCells<OsThreads>> {
 public:
  static constexpr std::string_view name = "per-thread";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "per-thread cells (one writer each: a relaxed load and store) merged on scrape; a thread's counts are "
      "folded into retired totals at its exit, under the scrape's mutex";
  std::size_t live_slots() { return cells().live_slots(); }
};

}  // namespace gauntlet::metrics
