#pragma once
// The simulated network: point-to-point messages between endpoints 0..n-1,
// each delayed by a configurable distribution, and possibly dropped,
// duplicated or reordered; links can be cut (partitions) and endpoints taken
// down (crashes). All decisions come from the run's Rng.
//
// A message is checked twice: when sent (a cut link or a down sender drops it)
// and when it arrives (a link cut meanwhile, or a receiver that is down or has
// restarted since the send, drops it: a restarted process has new sockets).
// Drops and duplicates go to the run's trace, so the last events printed with
// a violation show the messages the network lost.
#include <cmath>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

#include "verify/sim/event_queue.hpp"
#include "verify/sim/rng.hpp"
#include "verify/sim/trace.hpp"

namespace gauntlet::sim {

enum class DelayShape { uniform, exponential };

struct NetConfig {
  DelayShape shape = DelayShape::uniform;
  Time min_delay = 200 * us;  // every message takes at least this
  Time max_delay = 2 * ms;    // uniform: upper bound; exponential: mean above min, capped at 10x
  double drop = 0.0;          // chance a message is lost
  double duplicate = 0.0;     // chance it is delivered twice
  double reorder = 0.0;       // chance it is held back long enough to overtake later ones
};

// What a nemesis may do to the network, without knowing the message type.
class Links {
 public:
  explicit Links(int endpoints)
      : n_(endpoints),
        cut_(static_cast<std::size_t>(endpoints) * endpoints, 0),
        up_(endpoints, 1),
        epoch_(endpoints, 0) {}

  int endpoints() const { return n_; }

  bool connected(int a, int b) const { return !cut_[index(a, b)]; }
  void cut(int a, int b) { cut_[index(a, b)] = cut_[index(b, a)] = 1; }
  void heal() { std::fill(cut_.begin(), cut_.end(), 0); }

  // Partition among the first `nodes` endpoints: group[i] says which side node
  // i is on; nodes on different sides cannot talk. Endpoints past `nodes`
  // (clients) stay connected to everyone.
  void partition(const std::vector<int>& group) {
    heal();
    for (std::size_t a = 0; a < group.size(); ++a)
      for (std::size_t b = 0; b < group.size(); ++b)
        if (group[a] != group[b]) cut(static_cast<int>(a), static_cast<int>(b));
  }

  bool up(int e) const { return up_[e] != 0; }
  // Down: nothing is sent or received. Coming back up starts a new epoch, so
  // messages addressed to the previous incarnation are lost.
  void set_up(int e, bool is_up) {
    if (is_up && !up_[e]) ++epoch_[e];
    up_[e] = is_up ? 1 : 0;
  }
  std::uint32_t epoch(int e) const { return epoch_[e]; }

  NetConfig& config() { return config_; }
  const NetConfig& config() const { return config_; }

 protected:
  std::size_t index(int a, int b) const { return static_cast<std::size_t>(a) * n_ + b; }
  int n_;
  std::vector<std::uint8_t> cut_;
  std::vector<std::uint8_t> up_;
  std::vector<std::uint32_t> epoch_;
  NetConfig config_;
};

// Msg is any movable type. Deliver is called as deliver(from, to, Msg&&).
// At most 256 endpoints (an event packs from and to into a byte each).
template <class Msg>
class Network : public Links {
 public:
  using Deliver = std::function<void(int from, int to, Msg&& msg)>;

  Network(EventQueue& events, Rng& rng, Trace& trace, int endpoints, Deliver deliver)
      : Links(endpoints), events_(events), rng_(rng), trace_(trace), deliver_(std::move(deliver)) {
    if (endpoints > 256) throw std::invalid_argument("sim::Network supports at most 256 endpoints");
  }

  struct Stats {
    std::uint64_t sent = 0, delivered = 0, dropped = 0, duplicated = 0;
  };
  const Stats& stats() const { return stats_; }

  void send(int from, int to, Msg msg) {
    ++stats_.sent;
    if (!up(from) || !connected(from, to) || rng_.chance(config_.drop)) {
      ++stats_.dropped;
      trace_.add(events_.now(), "net: dropped at send", from, to);
      return;
    }
    if (rng_.chance(config_.duplicate)) {
      ++stats_.duplicated;
      trace_.add(events_.now(), "net: duplicated", from, to);
      schedule(from, to, Msg(msg));
    }
    schedule(from, to, std::move(msg));
  }

  // Draws one delay from the configured distribution.
  Time delay() {
    const NetConfig& c = config_;
    Time spread = c.max_delay > c.min_delay ? c.max_delay - c.min_delay : 0;
    Time d = c.min_delay;
    if (c.shape == DelayShape::uniform) {
      d += spread ? rng_.below(spread + 1) : 0;
    } else {
      double e = -std::log(1.0 - rng_.unit()) * static_cast<double>(spread);
      d += static_cast<Time>(std::min(e, 10.0 * static_cast<double>(spread)));
    }
    if (rng_.chance(c.reorder)) d += c.max_delay * rng_.between(2, 10);
    return d;
  }

 private:
  void schedule(int from, int to, Msg msg) {
    std::uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.push_back(std::move(msg));
    } else {
      slot = free_.back();
      free_.pop_back();
      slots_[slot] = std::move(msg);
    }
    // Pack the event's state into 16 bytes so std::function keeps it inline.
    const std::uint64_t packed = (std::uint64_t{slot} << 32) | (std::uint64_t(epoch(to) & 0xffff) << 16) |
                                 (std::uint64_t(from & 0xff) << 8) | std::uint64_t(to & 0xff);
    events_.after(delay(), [this, packed] { arrive(packed); });
  }

  void arrive(std::uint64_t packed) {
    const auto slot = static_cast<std::uint32_t>(packed >> 32);
    const auto sent_epoch = static_cast<std::uint32_t>((packed >> 16) & 0xffff);
    const int from = static_cast<int>((packed >> 8) & 0xff);
    const int to = static_cast<int>(packed & 0xff);
    Msg msg = std::move(slots_[slot]);
    free_.push_back(slot);
    if (!up(to) || (epoch(to) & 0xffff) != sent_epoch || !connected(from, to)) {
      ++stats_.dropped;
      trace_.add(events_.now(), "net: dropped on arrival", from, to);
      return;
    }
    ++stats_.delivered;
    deliver_(from, to, std::move(msg));
  }

  EventQueue& events_;
  Rng& rng_;
  Trace& trace_;
  Deliver deliver_;
  std::vector<Msg> slots_;
  std::vector<std::uint32_t> free_;
  Stats stats_;
};

}  // namespace gauntlet::sim
