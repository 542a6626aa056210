#pragma once
// What shutdown promises on SIGTERM: with a TermFlush installed, a SIGTERM
// runs the logger's shutdown() (every entry accepted before it is written, the
// file closed) and then ends the process with status 143 (128 + SIGTERM).
// A signal handler may not take the logger's locks, so SIGTERM is blocked and
// a thread of ours takes it with sigwait(). Construct it first in main(),
// before any other thread (the logger's consumer included) exists: threads
// inherit the blocked mask, so only that thread ever receives SIGTERM.
//
// Without one, SIGTERM kills the process as SIGKILL does: what is in the file
// is what the consumer had written (crash_log checks that it is, per
// producer, a prefix of the accepted entries, at most the last record torn).
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <functional>
#include <thread>
#include <utility>

namespace gauntlet::log {

class TermFlush {
 public:
  explicit TermFlush(std::function<void()> on_term) : on_term_(std::move(on_term)) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    waiter_ = std::thread([this, set] {
      int sig = 0;
      if (sigwait(&set, &sig) == 0 && sig == SIGTERM) {
        on_term_();
        _exit(143);
      }
    });
    waiter_.detach();  // lives as long as the process
  }
  TermFlush(const TermFlush&) = delete;
  TermFlush& operator=(const TermFlush&) = delete;

 private:
  std::function<void()> on_term_;
  std::thread waiter_;
};

}  // namespace gauntlet::log
