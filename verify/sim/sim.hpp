#pragma once
// gauntlet's deterministic simulator: a small, protocol-agnostic library.
//
//   rng.hpp          Rng: the run's only randomness (seeded; fork() for components)
//   event_queue.hpp  EventQueue: virtual time (microseconds) and scheduled actions
//   network.hpp      Network<Msg>: delays, drop, duplicate, reorder, partitions, down endpoints
//   disk.hpp         Disk<Record>: a journal with explicit sync; a crash loses unsynced writes
//   nemesis.hpp      NemesisSpec (parsed or drawn from the seed) and Nemesis (injects, heals)
//   trace.hpp        Trace: ring buffer of the last events, printed on a violation
//   world.hpp        World: one run's Rng, EventQueue, Trace and NemesisSpec, built from a seed
// and, included on their own by the sweeps and the front ends:
//   sweep.hpp        sweep_seeds, SweepCounts, percentile: what every protocol's seed sweep shares
//   cli.hpp          cli::Parser: the command line every gauntlet-sim-* front end shares
//
// How a protocol plugs in (verify/raft/cluster.hpp is the worked example):
//
//  1. Pick a message type Msg (a struct or std::variant) and a disk Record type.
//  2. Build one run from a seed:
//         Rng rng(seed); EventQueue events; Trace trace;
//         Network<Msg> net(events, rng, trace, endpoints, [&](int from, int to, Msg&& m) { ... });
//     Endpoints 0..nodes-1 are the protocol's nodes; clients may take the ids after them
//     (partitions only split nodes; clients keep reaching everyone).
//  3. Give each node a Disk<Record>. A node persists with write() + sync() before
//     sending what depends on it; on restart it rebuilds itself from durable().
//  4. Implement NemesisTarget (nodes, leader, crash, restart, running). crash() must
//     call links.set_up(node, false) and disk.crash(rng, ...), and drop the node's
//     volatile state; restart() sets it up again and rebuilds from the disk.
//  5. Configure net.config() (the calm network), then
//     Nemesis nemesis(events, rng, trace, net, target, spec); nemesis.start(t0);
//     (set_observer() hears of every fault, heal and restart, e.g. to annotate a history;
//     healed_at() is when the last fault heals, for liveness measurements.)
//     Then drive: events.run_until(deadline, stop) with timers scheduled through
//     events.after(). Check invariants as the run goes; print trace on a violation.
//
// Nothing here reads clocks, threads or global state: the same seed gives the same run.
#include "verify/sim/disk.hpp"
#include "verify/sim/event_queue.hpp"
#include "verify/sim/nemesis.hpp"
#include "verify/sim/network.hpp"
#include "verify/sim/rng.hpp"
#include "verify/sim/trace.hpp"
#include "verify/sim/world.hpp"
