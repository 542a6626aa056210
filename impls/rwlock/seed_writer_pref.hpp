#pragma once
// The seed's writer-preferring lock (section 3.1): a mutex guarding the state,
// readers waiting on one condition variable, writers on the other.
//
// Completed where the seed stops:
// - the unlock paths: the last reader out wakes a waiting writer; a writer
//   hands over to the next waiting writer, or else releases every reader;
// - `writerWaiting` becomes a count: with a bool, the first of two waiting
//   writers to get in clears it, and readers barge ahead of the second;
// - `readers` needs no atomic: every access holds the mutex.
#include "impls/platform/platform.hpp"
#include "impls/registry/registry.hpp"

namespace gauntlet::rwlock {

// WriterWaitsForReaders is false only for the known-bad variant
// (seed_no_reader_wait.hpp): the one line where the two differ.
template <bool WriterWaitsForReaders>
class BasicSeedRwLock {
 public:
  static constexpr bool writer_preferring = true;

  void lock_shared() {
    unique_lock<mutex> lk(m_);
    reader_cv_.wait(lk, [&] { return !writer_.load() && writers_waiting_.load() == 0; });
    readers_.store(readers_.load() + 1);
  }

  void unlock_shared() {
    unique_lock<mutex> lk(m_);
    readers_.store(readers_.load() - 1);
    // mutation-equivalent: `>= 0` only adds a notify with no writer waiting, which wakes no one
    // (a woken waiter rechecks its predicate under the lock anyway).
    if (readers_.load() == 0 && writers_waiting_.load() > 0) writer_cv_.notify_one();
  }

  void lock() {
    unique_lock<mutex> lk(m_);
    writers_waiting_.store(writers_waiting_.load() + 1);
    writer_cv_.wait(lk, [&] { return !writer_.load() && (!WriterWaitsForReaders || readers_.load() == 0); });
    // mutation-equivalent: the two stores are made under m_, which every reader of them holds,
    // so no thread can see one without the other, in either order.
    writers_waiting_.store(writers_waiting_.load() - 1);
    writer_.store(true);
  }

  void unlock() {
    unique_lock<mutex> lk(m_);
    writer_.store(false);
    // Readers keep out while any writer waits, so waking them now would only
    // send them back to sleep.
    if (writers_waiting_.load() > 0)
      writer_cv_.notify_one();
    else
      reader_cv_.notify_all();
  }

  bool try_lock_shared() {
    unique_lock<mutex> lk(m_);
    if (writer_.load() || writers_waiting_.load() > 0) return false;
    readers_.store(readers_.load() + 1);
    return true;
  }

  bool try_lock() {
    unique_lock<mutex> lk(m_);
    if (writer_.load() || readers_.load() > 0) return false;
    writer_.store(true);
    return true;
  }

 private:
  mutex m_;
  condition_variable reader_cv_;
  condition_variable writer_cv_;
  // Plain variables: the model checker reports any access made without m_.
  shared_var<int> readers_{0};
  shared_var<int> writers_waiting_{0};
  shared_var<bool> writer_{false};
};

struct SeedWriterPrefRwLock : BasicSeedRwLock<true> {
  static constexpr std::string_view name = "seed-writer-pref";
  static constexpr Kind kind = Kind::ours;
  static constexpr std::string_view description =
      "the seed's mutex + two condition variables, writer-preferring, completed with its unlock paths";
};

}  // namespace gauntlet::rwlock
