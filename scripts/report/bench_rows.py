"""Reading Google Benchmark result objects: one parser and one value picker,
shared by the report and every family plugin.

Names follow `<workload>/<implementation>[/<key>:<value>...]`; Google
Benchmark appends run options (`/real_time`, `/threads:N`, ...) and, on
aggregates, a `_median` / `_mean` suffix, all of which are stripped here.
"""
import json
import re

RUN_OPTIONS = re.compile(r"^(threads|real_time|process_time|min_time|iterations|repeats|manual_time)(:.*)?$")
NS_PER_UNIT = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def base_name(r):
    """The benchmark's name without an aggregate's `_median` / `_mean` suffix."""
    name = r.get("run_name") or r.get("name", "")
    agg = r.get("aggregate_name")
    if r.get("run_type") == "aggregate" and agg and name.endswith("_" + agg):
        name = name[: -len(agg) - 1]
    return name


def parse_name(name):
    """'read90/phase-fair/cs:4/real_time/threads:2' -> ('read90', 'phase-fair', {'cs': '4'});
    a part without ':' becomes arg<i>."""
    parts = [p for p in name.split("/") if not RUN_OPTIONS.match(p)]
    params = {}
    for i, p in enumerate(parts[2:]):
        k, sep, v = p.partition(":")
        params[k if sep else f"arg{i}"] = v if sep else p
    return (parts[0] if parts else name), (parts[1] if len(parts) > 1 else "(all)"), params


def parse(r):
    """(workload, impl, params, threads) of one result object."""
    workload, impl, params = parse_name(base_name(r))
    return workload, impl, params, int(r.get("threads", 1))


def pick(rows):
    """With repetitions, the median aggregates; otherwise the iteration rows."""
    med = [r for r in rows if r.get("run_type") == "aggregate" and r.get("aggregate_name") == "median"]
    if med:
        return med
    return [r for r in rows if r.get("run_type", "iteration") == "iteration" and not r.get("error_occurred")]


def value(bench, key, workload, impl, params=None, threads=None):
    """`key` of one benchmark (params and threads must match when given): the
    median aggregate when repeated, else the mean of the runs; None if absent.
    key "real_time_ns" is real_time converted to nanoseconds."""
    rows = []
    for r in bench:
        w, i, p, t = parse(r)
        if w == workload and i == impl and (params is None or p == params) and (threads is None or t == threads):
            rows.append(r)
    vals = []
    for r in pick(rows):
        if key == "real_time_ns" and "real_time" in r:
            vals.append(float(r["real_time"]) * NS_PER_UNIT.get(r.get("time_unit", "ns"), 1.0))
        elif key in r:
            vals.append(float(r[key]))
    return sum(vals) / len(vals) if vals else None


def table(bench, key):
    """{(workload, impl, sorted params tuple, threads): value of key} over every benchmark."""
    groups = {}
    for r in bench:
        w, i, p, t = parse(r)
        groups.setdefault((w, i, tuple(sorted(p.items())), t), []).append(r)
    out = {}
    for k, rows in groups.items():
        vals = [float(r[key]) for r in pick(rows) if r.get(key) is not None]
        if vals:
            out[k] = sum(vals) / len(vals)
    return out


TARGETS_CONTEXT = "gauntlet_targets"


def rows_of(bench):
    """The result objects, whether `bench` is a whole Google Benchmark JSON or its rows."""
    if isinstance(bench, dict):
        return bench.get("benchmarks", [])
    return bench or []


def context_of(bench):
    if isinstance(bench, dict):
        return bench.get("context", {}) or {}
    return getattr(bench, "context", None) or {}


def declared_targets(bench, binary):
    """The target records `binary` declared in its run context
    (`gauntlet_targets`, a JSON array of objects), or (None, why not)."""
    raw = context_of(bench).get(TARGETS_CONTEXT)
    if raw is None:
        return None, (f"no {TARGETS_CONTEXT} in the run's context: these results come from a {binary} older "
                      f"than the targets it declares (rerun {binary} to judge them)")
    try:
        records = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError as e:
        return None, f"{TARGETS_CONTEXT} in the run's context is not JSON ({e})"
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        return None, f"{TARGETS_CONTEXT} in the run's context is not a list of records"
    return records, None


def unjudged(target, why, goal=""):
    """A declared target that could not be judged: unmet, the reason in its claim."""
    return {"claim": f"{target.get('claim', '?')} ({why})", "measured": None, "goal": goal, "met": False}


def judge_declared(bench, binary, family, judge):
    """Every target `binary` declared in this run, each judged by judge(record)
    (a row, or a list of rows); one unmet row saying why when the run declared
    none it can read; nothing for a run without rows."""
    if not rows_of(bench):
        return []
    declared, why = declared_targets(bench, binary)
    if declared is None:
        return [{"claim": f"{family} targets not judged: {why}", "measured": None, "goal": "", "met": False}]
    out = []
    for t in declared:
        judged = judge(t)
        out += judged if isinstance(judged, list) else [judged]
    return out


def by_comparison(rules, bench):
    """A judge for judge_declared: the rule its record's `comparison` names,
    called as rule(record, bench); unjudged when there is none."""
    def judge(t):
        rule = rules.get(t.get("comparison"))
        return rule(t, bench) if rule else unjudged(t, f"no rule for comparison {t.get('comparison')!r}")
    return judge

