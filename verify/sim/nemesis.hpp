#pragma once
// The nemesis: which faults a run suffers, and when.
//
// A spec is a comma-separated list of fault kinds and settings:
//
//   halves     split the nodes into two random halves
//   minority   isolate a random minority from the rest
//   bridge     two halves that can only talk through one bridge node
//   leader     cut the current leader off from everyone
//   crash      crash a node (the leader half of the time); it restarts later
//   lossy      a burst of message loss, duplication and reordering
//   all        every kind above;  none: no faults
//   every=MS   mean time between fault starts (default 300)
//   heal=MS    how long a fault lasts before it heals (default 400)
//   window=MS  faults start only in [0, window); then everything heals (default 4000)
//
// e.g. "crash,leader,every=200". Without a spec, random_spec(rng) draws one
// from the seed, so a sweep covers many schedules and each replays exactly.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "verify/sim/event_queue.hpp"
#include "verify/sim/network.hpp"
#include "verify/sim/rng.hpp"
#include "verify/sim/trace.hpp"

namespace gauntlet::sim {

enum class Fault { halves, minority, bridge, leader, crash, lossy };
inline constexpr Fault all_faults[] = {Fault::halves, Fault::minority, Fault::bridge,
                                       Fault::leader, Fault::crash,    Fault::lossy};

inline const char* fault_name(Fault f) {
  switch (f) {
    case Fault::halves:
      return "halves";
    case Fault::minority:
      return "minority";
    case Fault::bridge:
      return "bridge";
    case Fault::leader:
      return "leader";
    case Fault::crash:
      return "crash";
    case Fault::lossy:
      return "lossy";
  }
  return "?";
}

struct NemesisSpec {
  std::vector<Fault> faults;
  Time every = 300 * ms;
  Time heal = 400 * ms;
  Time window = 4000 * ms;

  std::string to_string() const {
    std::ostringstream s;
    if (faults.empty()) s << "none";
    for (std::size_t i = 0; i < faults.size(); ++i) s << (i ? "," : "") << fault_name(faults[i]);
    s << ",every=" << every / ms << ",heal=" << heal / ms << ",window=" << window / ms;
    return s.str();
  }

  // Parses a spec; on error returns nullopt and says why in `error`.
  static std::optional<NemesisSpec> parse(const std::string& text, std::string& error) {
    NemesisSpec spec;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
      if (item.empty()) continue;
      auto eq = item.find('=');
      if (eq != std::string::npos) {
        std::string key = item.substr(0, eq), value = item.substr(eq + 1);
        char* end = nullptr;
        unsigned long long n = std::strtoull(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || n == 0) {
          error = "nemesis setting '" + item + "' needs a positive number of milliseconds";
          return std::nullopt;
        }
        if (key == "every")
          spec.every = n * ms;
        else if (key == "heal")
          spec.heal = n * ms;
        else if (key == "window")
          spec.window = n * ms;
        else {
          error = "unknown nemesis setting '" + key + "' (every, heal, window)";
          return std::nullopt;
        }
        continue;
      }
      if (item == "none") continue;
      if (item == "all") {
        spec.faults.assign(std::begin(all_faults), std::end(all_faults));
        continue;
      }
      auto it =
          std::find_if(std::begin(all_faults), std::end(all_faults), [&](Fault f) { return item == fault_name(f); });
      if (it == std::end(all_faults)) {
        error = "unknown nemesis fault '" + item + "' (halves, minority, bridge, leader, crash, lossy, all, none)";
        return std::nullopt;
      }
      if (std::find(spec.faults.begin(), spec.faults.end(), *it) == spec.faults.end()) spec.faults.push_back(*it);
    }
    return spec;
  }

  // A schedule drawn from the seed: a random non-empty subset of the faults,
  // at a random pace and duration.
  static NemesisSpec random(Rng& rng) {
    NemesisSpec spec;
    while (spec.faults.empty())
      for (Fault f : all_faults)
        if (rng.chance(0.5)) spec.faults.push_back(f);
    // From flapping (a fault every 20 ms, healed after 5) to slow, long outages.
    static constexpr Time paces[] = {20, 50, 100, 200, 500};
    static constexpr Time heals[] = {5, 20, 50, 100, 200, 400, 800};
    spec.every = paces[rng.below(std::size(paces))] * ms;
    spec.heal = heals[rng.below(std::size(heals))] * ms;
    return spec;
  }
};

// What the nemesis needs from the system under test (besides its Links).
class NemesisTarget {
 public:
  virtual ~NemesisTarget() = default;
  virtual int nodes() const = 0;                  // nodes are endpoints 0..nodes()-1
  virtual std::optional<int> leader() const = 0;  // who the protocol thinks leads, if anyone
  virtual void crash(int node) = 0;               // must also take the node's endpoint down
  virtual void restart(int node) = 0;
  virtual bool running(int node) const = 0;
};

// Construct it after configuring the network's normal behaviour: healing a
// lossy burst restores the NetConfig seen here.
class Nemesis {
 public:
  Nemesis(EventQueue& events, Rng& rng, Trace& trace, Links& links, NemesisTarget& target, NemesisSpec spec)
      : events_(events),
        rng_(rng),
        trace_(trace),
        links_(links),
        target_(target),
        spec_(std::move(spec)),
        calm_(links.config()) {}

  // Schedules the faults of [start, start + window) and the final heal.
  void start(Time start_at) {
    if (spec_.faults.empty()) {
      healed_at_ = start_at;
      finished_ = true;
      return;
    }
    Time end = start_at + spec_.window;
    for (Time t = start_at + next_gap(); t < end; t += next_gap()) {
      Fault f = spec_.faults[rng_.below(spec_.faults.size())];
      events_.at(t, [this, f] { inject(f); });
    }
    healed_at_ = end;
    events_.at(end, [this] { heal_all(); });
  }

  // Told of every fault as it starts and heals (e.g. to annotate a client history).
  using Observer = std::function<void(Time at, const char* kind, const std::string& text)>;
  void set_observer(Observer o) { observer_ = std::move(o); }

  const NemesisSpec& spec() const { return spec_; }
  std::uint64_t injected() const { return injected_; }
  // When the last fault heals (virtual time); liveness is measured from here.
  Time healed_at() const { return healed_at_; }
  bool done() const { return finished_; }

 private:
  Time next_gap() { return spec_.every / 2 + rng_.below(spec_.every); }

  std::vector<int> shuffled_nodes() {
    std::vector<int> v(target_.nodes());
    for (int i = 0; i < static_cast<int>(v.size()); ++i) v[i] = i;
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng_.below(i)]);
    return v;
  }

  void inject(Fault f) {
    if (finished_) return;
    const int n = target_.nodes();
    std::vector<int> group(n, 0);
    auto order = shuffled_nodes();
    switch (f) {
      case Fault::halves:
        for (int i = 0; i < n / 2; ++i) group[order[i]] = 1;
        links_.partition(group);
        break;
      case Fault::minority: {
        int k = 1 + static_cast<int>(rng_.below((n - 1) / 2 > 0 ? (n - 1) / 2 : 1));
        for (int i = 0; i < k; ++i) group[order[i]] = 1;
        links_.partition(group);
        break;
      }
      case Fault::bridge: {
        // order[0] is the bridge: it talks to both sides, the sides not to each other.
        for (int i = 1; i < n; ++i) group[order[i]] = i % 2;
        links_.heal();
        for (int a = 1; a < n; ++a)
          for (int b = 1; b < n; ++b)
            if (group[order[a]] != group[order[b]]) links_.cut(order[a], order[b]);
        break;
      }
      case Fault::leader: {
        auto l = target_.leader();
        int victim = l ? *l : order[0];
        links_.heal();
        for (int i = 0; i < n; ++i)
          if (i != victim) links_.cut(victim, i);
        break;
      }
      case Fault::crash: {
        auto l = target_.leader();
        int victim = (l && rng_.chance(0.5)) ? *l : order[0];
        if (!target_.running(victim)) return;
        target_.crash(victim);
        last_crashed_ = victim;
        events_.after(spec_.heal, [this, victim] {
          if (finished_ || target_.running(victim)) return;
          target_.restart(victim);
          if (observer_) observer_(events_.now(), "restart", "n" + std::to_string(victim) + " restarted");
        });
        break;
      }
      case Fault::lossy:
        links_.config().drop = 0.2;
        links_.config().duplicate = 0.1;
        links_.config().reorder = 0.2;
        break;
    }
    ++injected_;
    trace_.add(events_.now(), fault_name(f), f == Fault::crash ? last_crashed_ : -1);
    if (observer_) observer_(events_.now(), fault_name(f), describe(group, f));
    if (f != Fault::crash) {
      const std::uint64_t generation = ++generation_;
      events_.after(spec_.heal, [this, generation] {
        if (generation == generation_) heal_network();
      });
    }
  }

  void heal_network() {
    links_.heal();
    links_.config() = calm_;
    trace_.add(events_.now(), "heal network");
    if (observer_) observer_(events_.now(), "heal", "network healed");
  }

  // "n0 n3 | n1 n2 n4" for a partition; crashes and lossy bursts describe themselves.
  std::string describe(const std::vector<int>& group, Fault f) const {
    if (f == Fault::crash) return "n" + std::to_string(last_crashed_) + " crashed";
    if (f == Fault::lossy) return "drop 20%, duplicate 10%, reorder 20%";
    std::string sides[2];
    for (int i = 0; i < static_cast<int>(group.size()); ++i) {
      bool isolated = true;  // for "leader" and "bridge", show who can reach whom
      for (int j = 0; j < static_cast<int>(group.size()); ++j)
        if (j != i && links_.connected(i, j)) isolated = false;
      int side = f == Fault::leader ? (isolated ? 1 : 0) : group[i];
      sides[side] += (sides[side].empty() ? "n" : " n") + std::to_string(i);
    }
    return sides[0] + " | " + sides[1];
  }

  void heal_all() {
    ++generation_;  // heals still pending for earlier faults have nothing left to do
    heal_network();
    for (int i = 0; i < target_.nodes(); ++i)
      if (!target_.running(i)) {
        target_.restart(i);
        if (observer_) observer_(events_.now(), "restart", "n" + std::to_string(i) + " restarted");
      }
    finished_ = true;
    trace_.add(events_.now(), "heal all");
    if (observer_) observer_(events_.now(), "heal", "all faults healed, all nodes up");
  }

  EventQueue& events_;
  Rng& rng_;
  Trace& trace_;
  Links& links_;
  NemesisTarget& target_;
  NemesisSpec spec_;
  NetConfig calm_;
  Observer observer_;
  int last_crashed_ = -1;
  std::uint64_t injected_ = 0;
  std::uint64_t generation_ = 0;
  Time healed_at_ = 0;
  bool finished_ = false;
};

}  // namespace gauntlet::sim
