// The crash and shutdown checks of ring-block, on a child process
// (crash_fixture) logging from 4 producer threads.
//
//   crash-sigkill     SIGKILL at seeded random delays after the child is
//                     logging: per producer the file's sequence numbers are
//                     0, 1, 2, ... (a prefix of what was accepted, no gap,
//                     no reordering), every record whole except possibly the
//                     file's last. What this relies on: a write(2) to a
//                     regular file is not torn by a signal except at a page
//                     boundary when the signal is fatal (Linux checks for a
//                     fatal signal between pages), so SIGKILL can cut the
//                     consumer's last write short, never an earlier one; the
//                     cut record is the last one, and its frame shows it.
//   shutdown-sigterm  with a TermFlush, SIGTERM at a seeded delay: exit
//                     status 143, every record whole, and per producer every
//                     accepted entry in the file (the child counts its
//                     accepted entries in a shared mapping; the file may hold
//                     one more, accepted but not yet counted when it exited).
//   shutdown-exit     2,000 entries per producer, then a normal return from
//                     main: status 0, all 8,000 entries whole in the file.
//
// Seeds: the kill delays come from GAUNTLET_SEED (printed; it replays the
// delays, not the threads' interleaving).
// Depth: --depth ci 8 kills; full 64.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "impls/log/family.hpp"
#include "verify/common/seed.hpp"
#include "verify/common/verdict.hpp"
#include "verify/log/checks.hpp"
#include "verify/log/crash_judge.hpp"
#include "verify/log/parse.hpp"

namespace gauntlet::log {
namespace {

constexpr unsigned kProducers = 4;

struct Child {
  pid_t pid = -1;
  int out = -1;
};

Child spawn(const std::string& file, const char* mode, const char* entries) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    const std::string p = std::to_string(kProducers);
    ::execl(GAUNTLET_LOG_FIXTURE, GAUNTLET_LOG_FIXTURE, file.c_str(), p.c_str(), mode, entries,
            static_cast<char*>(nullptr));
    _exit(127);
  }
  ::close(fds[1]);
  return {pid, fds[0]};
}

// Waits (at most 20 s) for the child's "ready".
bool await_ready(const Child& c) {
  pollfd p{c.out, POLLIN, 0};
  if (::poll(&p, 1, 20000) <= 0) return false;
  char buf[16] = {};
  return ::read(c.out, buf, sizeof buf - 1) > 0 && std::string(buf).rfind("ready", 0) == 0;
}

// Waits (at most 30 s, then kills it) for the child's exit status.
int reap(const Child& c) {
  int status = 0;
  for (int i = 0; i < 3000; ++i) {
    if (::waitpid(c.pid, &status, WNOHANG) == c.pid) {
      ::close(c.out);
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(c.pid, SIGKILL);
  ::waitpid(c.pid, &status, 0);
  ::close(c.out);
  return -1;
}

test::Found run_kill(unsigned kills, std::uint64_t seed) {
  test::Found f;
  std::mt19937_64 rng(seed);
  unsigned torn = 0;
  for (unsigned k = 0; k < kills && !f.violated; ++k) {
    const std::string file = test::temp_log("crash-" + std::to_string(k));
    Child c = spawn(file, "kill", "100000000");
    if (!await_ready(c)) {
      reap(c);
      f.fail("the fixture never said ready (run " + std::to_string(k) + ")");
      break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 30000));
    ::kill(c.pid, SIGKILL);
    reap(c);
    torn += test::judge_file(f, file, kProducers, /*torn_last_ok=*/true, /*all_accepted=*/false,
                             ("kill " + std::to_string(k)).c_str());
    ++f.iterations;
    std::remove(file.c_str());
    std::remove((file + ".accepted").c_str());
  }
  std::printf("crash_log: %u of %llu killed children left a torn last record\n", torn,
              static_cast<unsigned long long>(f.iterations));
  return f;
}

test::Found run_term(std::uint64_t seed) {
  test::Found f;
  std::mt19937_64 rng(seed ^ 0x5157);
  const std::string file = test::temp_log("term");
  Child c = spawn(file, "term", "100000000");
  if (!await_ready(c)) {
    reap(c);
    f.fail("the fixture never said ready");
    return f;
  }
  std::this_thread::sleep_for(std::chrono::microseconds(rng() % 30000));
  ::kill(c.pid, SIGTERM);
  const int status = reap(c);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 143)
    f.fail("after SIGTERM the fixture's status is " + std::to_string(status) + ", not exit 143");
  else
    test::judge_file(f, file, kProducers, /*torn_last_ok=*/false, /*all_accepted=*/true, "SIGTERM");
  f.iterations = 1;
  std::remove(file.c_str());
  std::remove((file + ".accepted").c_str());
  return f;
}

test::Found run_exit() {
  test::Found f;
  const std::string file = test::temp_log("exit");
  Child c = spawn(file, "exit", "2000");
  const int status = reap(c);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) f.fail("the fixture's status is " + std::to_string(status));
  test::judge_file(f, file, kProducers, /*torn_last_ok=*/false, /*all_accepted=*/true, "exit");
  std::uint64_t n = 0;
  for (const auto& l : test::read_log(file)) n += l.has_ps;
  if (n != 2000 * kProducers) f.fail("exit: " + std::to_string(n) + " entries in the file, not 8000");
  f.iterations = 1;
  std::remove(file.c_str());
  std::remove((file + ".accepted").c_str());
  return f;
}

}  // namespace
}  // namespace gauntlet::log

int main(int argc, char** argv) {
  using namespace gauntlet;
  verify::Verifier v(std::string(log::family_name), argc, argv);
  // Only ring-block runs here (the fixture's logger); --only anything else of
  // the family selects nothing, and that is not an error.
  if (!v.selected(log::RingBlockLogger::name)) return v.finish_known(log::implementations{});
  const std::uint64_t seed = verify::announce_seed("crash_log kill delays");
  v.record<log::RingBlockLogger>("crash-sigkill", verify::as_result(log::run_kill(v.full() ? 64 : 8, seed), seed));
  v.record<log::RingBlockLogger>("shutdown-sigterm", verify::as_result(log::run_term(seed), seed));
  v.record<log::RingBlockLogger>("shutdown-exit", verify::as_result(log::run_exit(), 0));
  return v.finish_known(log::implementations{});
}
