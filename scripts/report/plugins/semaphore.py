"""Report plugin for the semaphore family: the performance targets.

targets(bench) takes the family's Google Benchmark result objects and returns
[{"claim", "measured", "goal", "met"}]. The family's one claim: the futex
semaphore's uncontended acquire(1)+release(1) costs at most 1.5x what
std::counting_semaphore's does (time ratio futex / std-counting <= 1.5). It is
judged on uncontended/*/permits:16, where the count never reaches 0 and both
stay on their fast paths; the permits:1 pair (count hits 0 every round) is
reported beside it. A pair missing from the run gives measured None ("not
measured") and met False rather than a silent omission.
Standard library only.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench_rows  # noqa: E402  (scripts/report/bench_rows.py: one parser for every plugin)

GOAL_RATIO = 1.5
OURS, REFERENCE = "futex", "std-counting"


def _time_of(bench, workload, impl, params):
    """Nanoseconds per operation at one thread: the median when repeated, else the mean of the runs."""
    return bench_rows.value(bench, "real_time_ns", workload, impl, params, threads=1)


def _ratio_target(bench, permits, claim):
    params = {"permits": str(permits)}
    ours = _time_of(bench, "uncontended", OURS, params)
    ref = _time_of(bench, "uncontended", REFERENCE, params)
    measured = ours / ref if ours is not None and ref else None
    return {
        "claim": claim,
        "measured": measured,
        "goal": f"<= {GOAL_RATIO} (time ratio {OURS} / {REFERENCE})",
        "met": measured is not None and measured <= GOAL_RATIO,
    }


def targets(bench):
    return [
        _ratio_target(bench, 16, "futex semaphore uncontended acquire+release within 1.5x of "
                                 "std::counting_semaphore"),
        _ratio_target(bench, 1, "the same with 1 permit (the count reaches 0 every round)"),
    ]
