"""Report targets for the rwlock family (standard library only).

The report generator calls targets(bench) with the Google Benchmark JSON
result objects of the family's run. Names follow
``<workload>/<impl>[/<key>:<value>...]``, with Google Benchmark's own
``/real_time`` and ``/threads:N`` appended.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench_rows  # noqa: E402  (scripts/report/bench_rows.py: one parser for every plugin)

WORKLOAD = "read100"
CANDIDATE = "reader-scalable"
REFERENCE = "std-shared-mutex"


def _throughputs(bench):
    """items_per_second per (workload, impl, params, threads)."""
    return bench_rows.table(bench, "items_per_second")


def _cs_order(params):
    cs = dict(params).get("cs", "0")
    return (int(cs) if cs.isdigit() else 0, params)


CLAIM = "reader-scalable beats std::shared_mutex on read-only at the highest thread count"
GOAL = "> 1 (reader-scalable / std::shared_mutex, items per second)"


def targets(bench):
    """The family's claims, measured.

    The ratio is taken at the highest thread count both locks ran at, on the
    shortest critical section. A pair missing from the run gives measured None
    (shown as "not measured") and met False rather than a silent omission.
    """
    rates = _throughputs(bench)
    candidate = {(p, t): r for (w, i, p, t), r in rates.items() if w == WORKLOAD and i == CANDIDATE}
    reference = {(p, t): r for (w, i, p, t), r in rates.items() if w == WORKLOAD and i == REFERENCE}
    common = [key for key in candidate if key in reference and reference[key] > 0]
    if not common:
        return [{"claim": CLAIM, "measured": None, "goal": GOAL, "met": False}]
    top = max(t for _, t in common)
    params = min((p for p, t in common if t == top), key=_cs_order)
    ratio = candidate[(params, top)] / reference[(params, top)]
    setting = ", ".join([f"{WORKLOAD}", f"{top} threads"] + [f"{k}:{v}" for k, v in params])
    return [{"claim": f"{CLAIM} ({setting})", "measured": ratio, "goal": GOAL, "met": ratio > 1.0}]
