#pragma once
// The one result type of every queue operation in the family.
#include <cstddef>

namespace gauntlet::queue {

enum class Status {
  ok,           // the element went in (push) or came out (pop)
  would_block,  // try_*: full (push) or empty (pop) right now
  timed_out,    // *_until: the deadline passed first
  closed,       // push after close(); pop once closed and drained
};

// The order a queue promises, as its own documentation states it. Ours are
// linearizable FIFO queues; some peers promise less (peers.hpp), and the
// linearizability checks report their violations as `documented`.
enum class Order {
  fifo,               // linearizable FIFO
  per_producer_fifo,  // FIFO among one producer's elements only
  approximate_fifo,   // may reorder even one producer's elements under contention
};
template <class Core>
inline constexpr Order promised_order = Order::fifo;

// Bounded queues round their capacity up to a power of two so an index maps
// to a slot with a mask.
inline std::size_t round_up_pow2(std::size_t n) {
  std::size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

}  // namespace gauntlet::queue
