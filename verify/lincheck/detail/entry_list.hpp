#pragma once
// The history as Lowe's doubly linked list of call and return entries, in
// time order. Linearizing an operation lifts its call and return out of the
// list; backtracking unlifts them back in, in the reverse order.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <vector>

namespace gauntlet::lincheck::detail {

class EntryList {
 public:
  static constexpr std::int32_t none = -1;
  static constexpr std::int32_t head = 0;

  struct Node {
    std::int32_t prev = none, next = none;
    std::int32_t match = none;  // a call's return node; none when the operation never returns
    std::uint32_t op = 0;       // operation id within the partition
    bool is_call = false;
  };

  // call[i], ret[i]: times of operation i; ret[i] == no_return for an
  // indeterminate operation, which gets a call node only.
  EntryList(const std::vector<std::int64_t>& call, const std::vector<std::int64_t>& ret, std::int64_t no_return) {
    struct Stamp {
      std::int64_t time;
      int is_return;  // at equal times calls come first: the operations overlap
      std::uint32_t op;
    };
    auto earlier = [](const Stamp& a, const Stamp& b) {
      return std::tie(a.time, a.is_return, a.op) < std::tie(b.time, b.is_return, b.op);
    };
    // Calls and returns sorted apart, then merged: histories come in call
    // order, so the calls are usually sorted already and the sort is skipped.
    std::vector<Stamp> stamps(2 * call.size());
    auto calls = stamps.begin(), returns = stamps.begin() + static_cast<std::ptrdiff_t>(call.size());
    auto returns_end = returns;
    for (std::uint32_t i = 0; i < call.size(); ++i) {
      calls[i] = {call[i], 0, i};
      if (ret[i] != no_return) *returns_end++ = {ret[i], 1, i};
    }
    if (!std::is_sorted(calls, returns, earlier)) std::sort(calls, returns, earlier);
    if (!std::is_sorted(returns, returns_end, earlier)) std::sort(returns, returns_end, earlier);
    std::inplace_merge(calls, returns, returns_end, earlier);
    stamps.resize(static_cast<std::size_t>(returns_end - stamps.begin()));
    // Only the order of calls relative to returns matters (the candidates are
    // the calls before the first return), so within each run of consecutive
    // calls the search may try them in any order: earliest return first,
    // which tends to be the order in which they took effect.
    for (std::size_t a = 0; a < stamps.size();) {
      std::size_t b = a;
      while (b < stamps.size() && stamps[b].is_return == 0) ++b;
      // As a stable sort by return would order them, without its temporary buffer.
      std::sort(stamps.begin() + a, stamps.begin() + b, [&](const Stamp& x, const Stamp& y) {
        return std::tie(ret[x.op], x.time, x.op) < std::tie(ret[y.op], y.time, y.op);
      });
      a = b == a ? a + 1 : b;
    }
    nodes_.resize(stamps.size() + 1);
    std::vector<std::int32_t> call_node(call.size(), none);
    for (std::size_t k = 0; k < stamps.size(); ++k) {
      auto id = static_cast<std::int32_t>(k + 1);
      Node& n = nodes_[id];
      n.op = stamps[k].op;
      n.is_call = stamps[k].is_return == 0;
      n.prev = id - 1;
      n.next = k + 1 < stamps.size() ? id + 1 : none;
      if (n.is_call)
        call_node[n.op] = id;
      else
        nodes_[call_node[n.op]].match = id;
    }
    nodes_[head].next = stamps.empty() ? none : 1;
  }

  const Node& operator[](std::int32_t i) const { return nodes_[i]; }
  std::int32_t first() const { return nodes_[head].next; }

  void lift(std::int32_t call) {
    unlink(call);
    if (nodes_[call].match != none) unlink(nodes_[call].match);
  }
  // Exactly undoes lift(call), given that everything lifted after it was unlifted.
  void unlift(std::int32_t call) {
    if (nodes_[call].match != none) relink(nodes_[call].match);
    relink(call);
  }

 private:
  void unlink(std::int32_t i) {
    Node& n = nodes_[i];
    nodes_[n.prev].next = n.next;
    if (n.next != none) nodes_[n.next].prev = n.prev;
  }
  void relink(std::int32_t i) {
    Node& n = nodes_[i];
    nodes_[n.prev].next = i;
    if (n.next != none) nodes_[n.next].prev = i;
  }

  std::vector<Node> nodes_;
};

}  // namespace gauntlet::lincheck::detail
