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
    // The calls in (time, op) order and the returns likewise, merged with
    // calls first at equal times (the operations overlap). Histories come in
    // call order, so the calls are usually sorted already and their sort is
    // skipped. One scratch buffer per thread holds both orders: a small
    // partition then allocates only its nodes.
    const auto n = static_cast<std::uint32_t>(call.size());
    thread_local std::vector<std::uint32_t> scratch;
    scratch.resize(2 * std::size_t{n});
    auto calls = scratch.begin(), returns = calls + n, returns_end = returns;
    for (std::uint32_t i = 0; i < n; ++i) {
      calls[i] = i;
      if (ret[i] != no_return) *returns_end++ = i;
    }
    auto by_call = [&](std::uint32_t x, std::uint32_t y) { return std::tie(call[x], x) < std::tie(call[y], y); };
    auto by_ret = [&](std::uint32_t x, std::uint32_t y) { return std::tie(ret[x], x) < std::tie(ret[y], y); };
    if (!std::is_sorted(calls, returns, by_call)) std::sort(calls, returns, by_call);
    std::sort(returns, returns_end, by_ret);

    nodes_.resize(1 + n + static_cast<std::size_t>(returns_end - returns));
    thread_local std::vector<std::int32_t> call_node;
    call_node.resize(n);
    std::int32_t id = 0;
    // A return never comes before its call (check() refuses such a history).
    auto append = [&](std::uint32_t op, bool is_call) {
      ++id;
      nodes_[id] = Node{id - 1, none, none, op, is_call};
      nodes_[id - 1].next = id;
      if (is_call)
        call_node[op] = id;
      else
        nodes_[call_node[op]].match = id;
    };
    auto c = calls, r = returns;
    while (c != returns || r != returns_end) {
      if (c != returns && (r == returns_end || call[*c] <= ret[*r])) {
        // Only the order of calls relative to returns matters (the
        // candidates are the calls before the first return), so within each
        // run of consecutive calls the search may try them in any order:
        // earliest return first, which tends to be the order in which they
        // took effect.
        auto run_end = c;
        while (run_end != returns && (r == returns_end || call[*run_end] <= ret[*r])) ++run_end;
        std::sort(c, run_end, [&](std::uint32_t x, std::uint32_t y) {
          return std::tie(ret[x], call[x], x) < std::tie(ret[y], call[y], y);
        });
        for (; c != run_end; ++c) append(*c, true);
      } else {
        append(*r++, false);
      }
    }
    nodes_[head].next = id == 0 ? none : 1;
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
