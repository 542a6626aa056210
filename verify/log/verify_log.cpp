// Verifier of the log family on real threads (normal build).
//
//   accounting      producers flood a small logger (capacity 64, its
//                   consumer started once they have filled it, so every
//                   implementation overflows): after the joins and a flush,
//                   produced equals the calls made, delivered + dropped
//                   equals produced, and the file holds exactly `delivered`
//                   whole entries. The seed and drop-oldest-uncounted lose
//                   entries uncounted.
//   producer-order  in the file each producer's sequence numbers increase;
//                   under the block policy every one of them is there.
//   lifecycle       start(), flush() and shutdown() called from two threads
//                   each while two producers log (checks.hpp: lifecycle):
//                   no hang, no crash, and the accounting above holds, the
//                   entries refused after shutdown counted as closed.
//                   spdlog's overrun_counter also counts the flush messages
//                   it overwrites: `documented` for spdlog-async-overrun.
//   flush-visible   one thread logs an entry and flushes, 500 times (full
//                   5,000): after each flush() the file holds that entry and
//                   every one before it (checks.hpp: flush_visible).
//   drop-records    the file's drop records (`dropped N entries (cause)`)
//                   add up to the entries missing from it. spdlog writes
//                   none (not promised: `documented`).
//
// Depth: --depth ci 4 producers x 20,000 entries of 64 bytes per
// implementation and 20 lifecycle rounds; full 4 x 200,000, a second run
// with 200-byte messages, and 200 rounds.
#include <cstdio>
#include <string>

#include "impls/log/family.hpp"
#include "verify/common/verdict.hpp"
#include "verify/log/checks.hpp"

int main(int argc, char** argv) {
  using namespace gauntlet;
  verify::Verifier v(std::string(log::family_name), argc, argv);
  std::vector<log::test::Shape> shapes{{.per_producer = v.full() ? 200000u : 20000u}};
  if (v.full()) shapes.push_back({.per_producer = 100000, .bytes = 200});
  for_each_type(log::verified_implementations{}, [&]<class L>() {
    if (!v.selected(L::name)) return;
    log::test::Found acc, order, drops;
    for (const auto& s : shapes) {
      auto r = log::test::stress<L>(s, std::string(L::name));
      for (auto [into, from] : {std::pair{&acc, &r.accounting}, {&order, &r.order}, {&drops, &r.drop_records}}) {
        into->iterations += from->iterations;
        if (from->violated) into->fail(from->message);
      }
    }
    v.record<L>("accounting", verify::as_result(acc));
    v.record<L>("producer-order", verify::as_result(order));
    v.record<L>("drop-records", verify::as_result(drops), /*not_promised=*/!L::drop_records && L::kind == Kind::peer);
    v.record<L>("flush-visible",
                verify::as_result(log::test::flush_visible<L>(v.full() ? 5000 : 500, std::string(L::name))));
    // spdlog's overrun_counter also counts the flush messages it overwrites,
    // which its documentation does not rule out: not promised for that peer.
    v.record<L>("lifecycle", verify::as_result(log::test::lifecycle<L>(v.full() ? 200 : 20, std::string(L::name))),
                /*not_promised=*/L::kind == Kind::peer && L::overflow == log::Overflow::drop_oldest);
  });
  return v.finish_known(log::implementations{});
}
