// The crash test's child: P producer threads log numbered entries
// (`p=<producer> s=<sequence>`) into ring-block (no drops) until told to stop.
//
//   crash_fixture FILE PRODUCERS MODE [ENTRIES]
//     MODE kill   log until killed (SIGKILL), ENTRIES per producer at most
//     MODE term   the same, with a TermFlush: SIGTERM shuts the logger down
//     MODE exit   log ENTRIES per producer, then return from main (the
//                 logger's destructor shuts it down)
// Prints "ready" once every producer has logged its first entry. After each
// accepted entry, producer p stores how many it has had accepted in word p of
// FILE.accepted (a shared mapping: it survives the process's death).
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "impls/log/family.hpp"
#include "impls/log/term_flush.hpp"
#include "verify/log/parse.hpp"

int main(int argc, char** argv) {
  using namespace gauntlet::log;
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s FILE PRODUCERS kill|term|exit [ENTRIES]\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1], mode = argv[3];
  const unsigned producers = static_cast<unsigned>(std::atoi(argv[2]));
  const std::uint64_t entries = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 100000000;
  const std::string counts_path = path + ".accepted";
  const int fd = ::open(counts_path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || ::ftruncate(fd, static_cast<off_t>(producers * sizeof(std::uint64_t))) != 0) return 2;
  void* map = ::mmap(nullptr, producers * sizeof(std::uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) return 2;
  auto* accepted = static_cast<std::atomic<std::uint64_t>*>(map);
  // Atomic: the TermFlush thread reads it when SIGTERM arrives, and TSan sees
  // no edge between this thread's store and that read (the mutate command's
  // ThreadSanitizer leg found it).
  std::atomic<RingBlockLogger*> live{nullptr};
  std::optional<TermFlush> term;
  if (mode == "term") term.emplace([&] { live.load()->shutdown(); });
  RingBlockLogger logger(Config{.path = path, .capacity = 256});
  live.store(&logger);
  std::atomic<unsigned> started{0};
  std::vector<std::thread> ts;
  for (unsigned p = 0; p < producers; ++p)
    ts.emplace_back([&, p] {
      for (std::uint64_t k = 0; k < entries; ++k) {
        if (!logger.log(Level::info, gauntlet::log::test::message(p, k, 48), Fields{p, k})) return;  // shut down
        accepted[p].store(k + 1, std::memory_order_relaxed);
        if (k == 0 && started.fetch_add(1) + 1 == producers) {
          std::printf("ready\n");
          std::fflush(stdout);
        }
      }
    });
  for (auto& t : ts) t.join();
  // Under term the producers stop because SIGTERM shut the logger down: the
  // TermFlush thread ends the process (143) once shutdown() has returned.
  if (mode == "term")
    for (;;) ::pause();
  return 0;
}
