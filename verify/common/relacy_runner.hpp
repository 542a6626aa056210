#pragma once
// Runs a Relacy test suite and turns its result into a CheckResult.
//
// Relacy's random scheduler seeds iteration i with i, so every run is
// deterministic: the failing iteration number is the seed that replays it.
#include <ostream>
#include <streambuf>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "impls/platform/platform.hpp"
#include "verify/common/verdict.hpp"

namespace gauntlet::verify {

// A search's scheduler is part of its type: each Relacy scheduler compiles the
// whole model-checking context again for the suite, so a suite is compiled
// against the one scheduler it runs with and no other (rl::simulate compiles
// all three of Relacy's: relacy_queue.cpp took 144 s that way, 74 s this way).
template <rl::scheduler_type_e Scheduler>
struct Search {
  rl::iteration_t iterations = 0;  // the budget of a random search
  unsigned context_bound = 0;      // the bound of a context-bound search
};
using RandomSearch = Search<rl::random_scheduler_type>;
using BoundedSearch = Search<rl::fair_context_bound_scheduler_type>;

struct RelacyConfig {
  // `iterations` random schedules, iteration i seeded with i.
  static RandomSearch random(rl::iteration_t iterations) { return {iterations, 0}; }
  // Every schedule with at most `bound` preemptions (switches away from a
  // thread that could go on; blocking and spin_pause's yield switch for
  // free), and every value each load may read: exhaustive within the bound,
  // so what it catches it catches on every run. It ends when the space is
  // covered; no iteration budget applies. (Relacy's unbounded full search is
  // no option for spin loops: its unfair schedules report them as livelocks.)
  static BoundedSearch context_bounded(unsigned bound) { return {0, bound}; }
};

namespace detail {
// Relacy replaces the global operator new and frees memory allocated during a
// simulation with its own allocator, so a std::ostringstream that grows while
// Relacy writes its report would later be freed by the wrong allocator. This
// buffer is allocated once, before the simulation, and never grows (a report
// longer than it is cut).
class FixedBuffer : public std::streambuf {
 public:
  explicit FixedBuffer(std::size_t n) : data_(n) { setp(data_.data(), data_.data() + data_.size()); }
  std::string str() const { return std::string(pbase(), pptr()); }
  void clear() { setp(data_.data(), data_.data() + data_.size()); }

 private:
  std::vector<char> data_;
};

// One search with scheduler Sched; a failure is searched again with the
// history recorded (from the state the first search stopped in), so the
// report carries the failing execution's trace.
template <class Suite, class Sched>
rl::test_result_e search_with(rl::test_params& p) {
  rl::ostringstream state;
  const rl::test_result_e res = rl::run_test<Suite, Sched>(p, state, false);
  if (res != rl::test_result_success) {
    p.initial_state = state.str();
    p.final_state = state.str();
    p.collect_history = true;
    rl::ostringstream replay;
    rl::run_test<Suite, Sched>(p, replay, true);
  }
  return res;
}

}  // namespace detail

// Runs the one scheduler the search's type names (see Search).
// Relacy's report begins with the test name and the kind of failure; the
// execution history that follows is kept (shortened) in the row's details.
template <class Suite, rl::scheduler_type_e Scheduler>
CheckResult run_relacy(const Search<Scheduler>& cfg) {
  constexpr auto threads = Suite::params::thread_count;
  constexpr bool bounded = Scheduler == rl::fair_context_bound_scheduler_type;
  static_assert(bounded || Scheduler == rl::random_scheduler_type, "only the random and context-bound searches");
  rl::test_params p;
  p.search_type = Scheduler;
  p.iteration_count = cfg.iterations;
  p.context_bound = cfg.context_bound;
  static detail::FixedBuffer out_buf(1 << 16), progress_buf(1 << 12);
  out_buf.clear();
  progress_buf.clear();
  std::ostream out(&out_buf), progress(&progress_buf);
  p.output_stream = &out;
  p.progress_stream = &progress;
  p.test_name = typeid(Suite).name();
  out << p.test_name << std::endl;
  using Sched = std::conditional_t<bounded, rl::context_bound_scheduler<threads>, rl::random_scheduler<threads>>;
  const bool ok = detail::search_with<Suite, Sched>(p) == Suite::params::expected_result;

  CheckResult r;
  r.violated = !ok;
  // Exhaustive (context-bound, full) searches end when the space is covered,
  // often well before the budget: report what ran, not the budget.
  r.iterations = p.stop_iteration;
  r.seed = p.stop_iteration;
  r.details["scheduler"] = bounded ? "context-bound" : "random";
  // What limits the run: the budget of a random search, the bound of an exhaustive one.
  if (bounded)
    r.details["context_bound"] = cfg.context_bound;
  else
    r.details["iterations_budget"] = cfg.iterations;
  if (!ok) {
    r.message = std::string(rl::test_result_str(p.test_result)) + " at iteration " + std::to_string(p.stop_iteration);
    // First lines of the trace that name our own source (the platform layer
    // hands Relacy the implementation's file and line).
    std::string trace = out_buf.str();
    if (trace.size() > 4000) trace = trace.substr(0, 4000) + "\n...";
    r.details["trace"] = trace;
  }
  return r;
}

}  // namespace gauntlet::verify
