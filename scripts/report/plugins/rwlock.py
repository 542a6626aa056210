"""Report targets for the rwlock family (standard library only).

The report generator calls targets(bench) with the Google Benchmark JSON
result objects of the family's run. Names follow
``<workload>/<impl>[/<key>:<value>...]``, with Google Benchmark's own
``/real_time`` and ``/threads:N`` appended.
"""

from collections import defaultdict

WORKLOAD = "read100"
CANDIDATE = "reader-scalable"
REFERENCE = "std-shared-mutex"


def _parse(result):
    """(workload, impl, params, threads) of one result, or None."""
    name = result.get("run_name") or result.get("name", "")
    aggregate = result.get("aggregate_name")
    if aggregate and not result.get("run_name") and name.endswith("_" + aggregate):
        name = name[: -len(aggregate) - 1]
    parts = name.split("/")
    if len(parts) < 2:
        return None
    params = {}
    threads = result.get("threads")
    for part in parts[2:]:
        key, sep, value = part.partition(":")
        if not sep:
            continue  # real_time, process_time: how it was timed, not what
        if key == "threads":
            threads = threads or int(value)
        else:
            params[key] = value
    return parts[0], parts[1], tuple(sorted(params.items())), int(threads or 1)


def _throughputs(bench):
    """Mean items_per_second per (workload, impl, params, threads).

    Uses the "mean" aggregates when the run had repetitions, else the plain
    iteration results.
    """
    plain, means = defaultdict(list), defaultdict(list)
    for result in bench:
        rate = result.get("items_per_second")
        key = _parse(result)
        if rate is None or key is None:
            continue
        if result.get("run_type") == "aggregate":
            if result.get("aggregate_name") == "mean":
                means[key].append(float(rate))
        else:
            plain[key].append(float(rate))
    chosen = means if means else plain
    return {key: sum(rates) / len(rates) for key, rates in chosen.items()}


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
