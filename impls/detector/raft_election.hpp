#pragma once
// A Raft cluster whose election timer is driven by a detector of this family,
// against Raft's own randomized timer, under one seeded nemesis: the time from
// a leader's crash to a new leader, and the elections started while a leader
// was alive (needless ones).
//
// The Raft core (impls/raft/node.hpp) is used unchanged. Detector-driven nodes
// get an election timeout too long ever to fire, and campaign_now() instead:
// when the detector suspects the leader they know (fed by every heartbeat or
// append from it), or, with no leader known, once a randomized 3-6 s without
// one has passed; either way at most once per randomized 3-6 s backoff, so a
// split vote does not churn terms. Raft's own timer: election_ticks 30 at
// 100 ms ticks (3-6 s), heartbeats every second, as the detectors expect.
// Nemesis: per-message delay 1 ms + exponential(5 ms), with probability 0.002
// a spike of 0.5-2 s; each node pauses (garbage collection: no ticks, no
// messages handled, its mail held) with probability 0.0002 per tick for 1-3.5 s.
// No node restarts, so nothing is persisted.
#include <cstdint>
#include <map>
#include <optional>
#include <queue>
#include <random>
#include <vector>

#include "impls/detector/interface.hpp"
#include "impls/raft/node.hpp"

namespace gauntlet::detector {

struct ElectionRun {
  bool recovered = false;
  micros recovery = 0;    // crash to a live leader of a later term
  unsigned needless = 0;  // elections started while a leader was alive, before the crash
  unsigned pre_crash_elections = 0;
  micros pre_crash_time = 0;  // from the first leader to the crash
  unsigned pauses = 0, spikes = 0;
};

struct NoDetector {};  // Raft's own timer

template <class D = NoDetector>
ElectionRun run_election(std::uint64_t seed, micros crash_after = 600 * seconds, double knob = 0) {
  constexpr int n = 5;
  constexpr int election_ticks = 30;
  constexpr bool driven = !std::is_same_v<D, NoDetector>;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::exponential_distribution<double> exp_ms(1.0 / 5.0);
  auto uniform = [&](micros lo, micros hi) {
    return lo + static_cast<micros>(unit(rng) * static_cast<double>(hi - lo));
  };

  std::vector<raft::Node> nodes;
  std::vector<std::optional<D>> det(n);
  std::vector<micros> backoff_until(n, 0), leaderless_since(n, 0), leaderless_wait(n, 0), paused_until(n, 0);
  std::vector<raft::Term> candidate_term(n, 0);
  for (int i = 0; i < n; ++i) {
    raft::Config cfg;
    cfg.id = i;
    for (int j = 0; j < n; ++j) cfg.nodes.push_back(j);
    cfg.election_ticks = driven ? (1 << 28) : election_ticks;
    cfg.heartbeat_ticks = 10;
    cfg.random_seed = seed * 31 + static_cast<std::uint64_t>(i) + 1;
    nodes.emplace_back(cfg);
    if constexpr (driven) det[i].emplace(knob == 0 ? D::default_knob : knob);
    leaderless_wait[i] = uniform(3 * seconds, 6 * seconds);
  }
  struct InFlight {
    micros at;
    std::uint64_t seq;
    raft::Message m;
    bool operator>(const InFlight& o) const { return at > o.at || (at == o.at && seq > o.seq); }
  };
  std::priority_queue<InFlight, std::vector<InFlight>, std::greater<>> net;
  std::uint64_t seq = 0;
  ElectionRun out;
  int crashed = -1;
  raft::Term crashed_term = 0;
  micros first_leader = -1, crash_time = -1;
  auto flush = [&](int i, micros now) {
    while (nodes[i].has_ready()) {
      raft::Ready rd = nodes[i].ready();
      for (auto& m : rd.messages) {
        micros d = 1 * ms + static_cast<micros>(exp_ms(rng) * ms);
        if (unit(rng) < 0.002) {
          d += uniform(500 * ms, 2 * seconds);
          ++out.spikes;
        }
        net.push({now + d, seq++, std::move(m)});
      }
    }
  };
  auto any_leader = [&](raft::Term above) {
    for (int i = 0; i < n; ++i)
      if (i != crashed && nodes[i].role() == raft::Role::leader && nodes[i].term() > above) return true;
    return false;
  };
  const micros horizon = 3600 * seconds;
  for (micros now = tick_period; now <= horizon; now += tick_period) {
    while (!net.empty() && net.top().at <= now) {
      InFlight f = net.top();
      net.pop();
      const int to = f.m.to;
      if (to == crashed) continue;
      if (paused_until[to] > now) {  // held until the pause ends
        f.at = paused_until[to];
        net.push(std::move(f));
        continue;
      }
      if constexpr (driven)
        if ((f.m.type == raft::MsgType::heartbeat || f.m.type == raft::MsgType::append) &&
            f.m.from == nodes[to].leader())
          det[to]->heartbeat(static_cast<node_id>(f.m.from), f.at);
      nodes[to].step(f.m);
      flush(to, now);
    }
    for (int i = 0; i < n; ++i) {
      if (i == crashed) continue;
      if (paused_until[i] > now) continue;
      if (unit(rng) < 0.0002) {
        paused_until[i] = now + uniform(1 * seconds, 3500 * ms);
        ++out.pauses;
        continue;
      }
      nodes[i].tick();
      if constexpr (driven) {
        det[i]->tick(now);
        raft::Node& r = nodes[i];
        if (r.role() != raft::Role::leader && now >= backoff_until[i]) {
          const raft::NodeId l = r.leader();
          if (l != raft::no_node) leaderless_since[i] = now;
          const bool suspect = l != raft::no_node && det[i]->suspect(static_cast<node_id>(l), now);
          const bool waited = l == raft::no_node && now - leaderless_since[i] >= leaderless_wait[i];
          if (suspect || waited) {
            r.campaign_now();
            backoff_until[i] = now + uniform(3 * seconds, 6 * seconds);
            leaderless_since[i] = now;
            leaderless_wait[i] = uniform(3 * seconds, 6 * seconds);
          }
        }
      }
      flush(i, now);
      if (nodes[i].role() == raft::Role::candidate && nodes[i].term() > candidate_term[i]) {
        candidate_term[i] = nodes[i].term();
        if (crashed < 0 && first_leader >= 0) {
          ++out.pre_crash_elections;
          ++out.needless;  // before the crash every election after the first leader is needless
        }
      }
    }
    if (first_leader < 0 && any_leader(0)) first_leader = now;
    if (crashed < 0 && first_leader >= 0 && now >= first_leader + crash_after) {
      for (int i = 0; i < n; ++i)
        if (nodes[i].role() == raft::Role::leader && paused_until[i] <= now) {
          crashed = i;
          crashed_term = nodes[i].term();
          crash_time = now;
          out.pre_crash_time = now - first_leader;
          break;
        }
    }
    if (crashed >= 0 && any_leader(crashed_term)) {
      out.recovered = true;
      out.recovery = now - crash_time;
      return out;
    }
  }
  return out;
}

}  // namespace gauntlet::detector
