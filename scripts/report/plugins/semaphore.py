"""Report plugin for the semaphore family: the performance targets.

targets(bench) takes the family's Google Benchmark result objects and returns
[{"claim", "measured", "goal", "met"}]. The one claim of issue 3: the futex
semaphore's uncontended acquire(1)+release(1) costs at most 1.5x what
std::counting_semaphore's does (time ratio futex / std-counting <= 1.5). It is
judged on uncontended/*/permits:16, where the count never reaches 0 and both
stay on their fast paths; the permits:1 pair (count hits 0 every round) is
reported beside it. A pair missing from the run gives measured None ("not
measured") and met False rather than a silent omission.
Standard library only.
"""
import re

_RUN_OPTIONS = re.compile(r"^(threads|real_time|process_time|min_time|iterations|repeats|manual_time)(:.*)?$")
_NS_PER_UNIT = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
GOAL_RATIO = 1.5
OURS, REFERENCE = "futex", "std-counting"


def _split(name):
    """'uncontended/futex/permits:16/threads:1' -> ('uncontended', 'futex', {'permits': '16'})."""
    parts = [p for p in name.split("/") if not _RUN_OPTIONS.match(p)]
    params = dict(p.split(":", 1) for p in parts[2:] if ":" in p)
    return (parts[0] if parts else ""), (parts[1] if len(parts) > 1 else ""), params


def _base_name(r):
    """The benchmark's name without an aggregate's '_median' / '_mean' suffix."""
    name = r.get("run_name") or r.get("name", "")
    agg = r.get("aggregate_name")
    if r.get("run_type") == "aggregate" and agg and name.endswith("_" + agg):
        name = name[: -len(agg) - 1]
    return name


def _real_time_ns(rows):
    """One time per benchmark: the median aggregate if there are repetitions, else the mean of the runs."""
    for wanted in ("median", "mean"):
        agg = [r for r in rows if r.get("run_type") == "aggregate" and r.get("aggregate_name") == wanted]
        if agg:
            rows = agg
            break
    else:
        rows = [r for r in rows if r.get("run_type", "iteration") == "iteration"]
    times = [r["real_time"] * _NS_PER_UNIT.get(r.get("time_unit", "ns"), 1.0) for r in rows if "real_time" in r]
    return sum(times) / len(times) if times else None


def _time_of(bench, workload, impl, params):
    rows = []
    for r in bench:
        w, i, p = _split(_base_name(r))
        if w == workload and i == impl and p == params and int(r.get("threads", 1)) == 1:
            rows.append(r)
    return _real_time_ns(rows)


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
