#pragma once
// Runs a Relacy test suite and turns its result into a CheckResult.
//
// Relacy's random scheduler seeds iteration i with i, so every run is
// deterministic: the failing iteration number is the seed that replays it.
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "impls/platform/platform.hpp"
#include "verify/common/verdict.hpp"

namespace gauntlet::verify {

struct RelacyConfig {
  rl::scheduler_type_e scheduler = rl::random_scheduler_type;
  rl::iteration_t iterations = 1000;
  unsigned context_bound = 2;  // for the context-bound (bounded full) search

  // `iterations` random schedules, iteration i seeded with i.
  static RelacyConfig random(rl::iteration_t iterations) { return {rl::random_scheduler_type, iterations, 0}; }
  // Every schedule with at most `bound` preemptions (switches away from a
  // thread that could go on; blocking and spin_pause's yield switch for
  // free), and every value each load may read: exhaustive within the bound,
  // so what it catches it catches on every run. It ends when the space is
  // covered; no iteration budget applies. (Relacy's unbounded full search is
  // no option for spin loops: its unfair schedules report them as livelocks.)
  static RelacyConfig context_bounded(unsigned bound) { return {rl::fair_context_bound_scheduler_type, 0, bound}; }
};

inline const char* scheduler_name(rl::scheduler_type_e s) {
  switch (s) {
    case rl::random_scheduler_type:
      return "random";
    case rl::fair_context_bound_scheduler_type:
      return "context-bound";
    case rl::fair_full_search_scheduler_type:
      return "full";
    default:
      return "?";
  }
}

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
}  // namespace detail

// Relacy's report begins with the test name and the kind of failure; the
// execution history that follows is kept (shortened) in the row's details.
template <class Suite>
CheckResult run_relacy(const RelacyConfig& cfg) {
  rl::test_params p;
  p.search_type = cfg.scheduler;
  p.iteration_count = cfg.iterations;
  p.context_bound = cfg.context_bound;
  static detail::FixedBuffer out_buf(1 << 16), progress_buf(1 << 12);
  out_buf.clear();
  progress_buf.clear();
  std::ostream out(&out_buf), progress(&progress_buf);
  p.output_stream = &out;
  p.progress_stream = &progress;
  bool ok = rl::simulate<Suite>(p);

  CheckResult r;
  r.violated = !ok;
  // Exhaustive (context-bound, full) searches end when the space is covered,
  // often well before the budget: report what ran, not the budget.
  r.iterations = p.stop_iteration;
  r.seed = p.stop_iteration;
  r.details["scheduler"] = scheduler_name(cfg.scheduler);
  // What limits the run: the budget of a random search, the bound of an exhaustive one.
  if (cfg.scheduler == rl::fair_context_bound_scheduler_type)
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
