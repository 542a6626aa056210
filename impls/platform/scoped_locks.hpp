#pragma once
// lock_guard and unique_lock whose line is a mutation site, for the mutation
// build and the model-checking build: the `lock` mutant (mutation.hpp) drops
// one, so it neither locks nor unlocks (a critical section that forgot its
// lock). The backend that includes this defines detail::lock_site(line)
// first: whether the lock at that line is taken at all. Normal builds use
// std::lock_guard and std::unique_lock themselves (std_backend.hpp).
#include <mutex>
#include <source_location>

namespace gauntlet {

namespace detail {
// The mutex's own lock(line) where it takes the caller's line (Relacy's
// traces then point at it), else lock().
template <class M>
void lock_at(M& m, const std::source_location& l) {
  if constexpr (requires { m.lock(l); })
    m.lock(l);
  else
    m.lock();
}
template <class M>
void unlock_at(M& m, const std::source_location& l) {
  if constexpr (requires { m.unlock(l); })
    m.unlock(l);
  else
    m.unlock();
}
}  // namespace detail

template <class M>
class lock_guard {
 public:
  explicit lock_guard(M& m, std::source_location l = std::source_location::current())
      : m_(m), l_(l), held_(detail::lock_site(l)) {
    if (held_) detail::lock_at(m_, l_);
  }
  ~lock_guard() {
    if (held_) detail::unlock_at(m_, l_);
  }
  lock_guard(const lock_guard&) = delete;
  lock_guard& operator=(const lock_guard&) = delete;

 private:
  M& m_;
  std::source_location l_;
  const bool held_;
};

// A dropped one is made deferred, owning nothing (a wait on it, or its
// unlock(), then fails as such a bug would).
template <class M>
class unique_lock : public std::unique_lock<M> {
 public:
  explicit unique_lock(M& m, std::source_location l = std::source_location::current())
      : std::unique_lock<M>(m, std::defer_lock) {
    if (detail::lock_site(l)) this->lock();
  }
};

}  // namespace gauntlet
