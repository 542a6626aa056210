#pragma once
// The result of every blocking-layer ring operation (blocking_ring.hpp).
// The queue family's Status plus too_large: a message can be too big for a
// ring, never for a queue slot, and waiting would not help it.

namespace gauntlet::ring {

enum class Status {
  ok,           // reserved / written (producer), peeked / read (consumer)
  would_block,  // try_*: no room (producer) or no committed message (consumer) right now
  timed_out,    // *_until: the deadline passed first
  closed,       // producer after close(); consumer once closed and drained
  too_large,    // producer: more than max_message() bytes, which would never fit
};

}  // namespace gauntlet::ring
