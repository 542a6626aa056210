"""`gauntlet compare BASELINE CURRENT`: the regression gate over two results folders.

A results folder is what `run` or `bench`/`verify` write: bench_*.json (Google
Benchmark's format), verify.json, machine.json. Per benchmark the gate takes
the repetitions of both sides, runs a two-sided Mann-Whitney U test, corrects
across every compared benchmark with Holm (gate_stats.py says why), and counts
a change only if it is significant AND larger than a floor: the larger of
--min-change and the benchmark's own noise (from --noise, a calibration's A/A
figures, else the two sides' own spread). A verification row that was passed
or caught and is now failed or missed is a regression whatever the timings.

The metric per benchmark is its primary one: items_per_second where the
benchmark reports it (higher is better), else real_time (lower is better).
Ratios are always written as current cost / baseline cost: above 1 is slower.
"""
import json
import math
import os

import gate_stats as st
from common import UsageError

# What must match for two folders to be compared without --allow-different-machines.
MACHINE_KEYS = ("cpu", "cores", "max_threads", "compiler", "flags", "build_type")
GOOD = ("passed", "caught", "documented")
BAD = ("failed", "missed")
NS_PER_UNIT = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        raise UsageError(f"{path}:{e.lineno}: malformed JSON ({e.msg})")
    except OSError as e:
        raise UsageError(f"{path}: cannot read ({e.strerror})")


def cost(row):
    """(cost, metric) of one Google Benchmark row; cost grows when slower."""
    ips = row.get("items_per_second")
    if ips:
        return 1.0 / float(ips), "items_per_second"
    return float(row["real_time"]) * NS_PER_UNIT.get(row.get("time_unit", "ns"), 1.0), "real_time"


def bench_samples(bench_json, path):
    """{benchmark name: [cost per repetition]}, and {name: metric}, from one
    Google Benchmark JSON (aggregates and errored runs left out)."""
    if not isinstance(bench_json, dict) or not isinstance(bench_json.get("benchmarks"), list):
        raise UsageError(f"{path}:1: not a Google Benchmark result (no \"benchmarks\" list)")
    samples, metric = {}, {}
    for row in bench_json["benchmarks"]:
        if row.get("run_type", "iteration") != "iteration" or row.get("error_occurred"):
            continue
        name = row.get("run_name") or row.get("name")
        if not name or "real_time" not in row:
            raise UsageError(f"{path}:1: a benchmark row without a name or real_time")
        c, m = cost(row)
        samples.setdefault(name, []).append(c)
        metric[name] = m
    return samples, metric


def load_folder(folder):
    """{"machine", "bench": {(file, name): [costs]}, "metric", "verify": {(family, name, check): outcome}}."""
    if not os.path.exists(folder):
        raise UsageError(f"{folder}: no such results folder")
    if not os.path.isdir(folder):
        raise UsageError(f"{folder}: not a folder (give the folder `run` wrote, e.g. reports/latest/results)")
    files = sorted(f for f in os.listdir(folder) if f.startswith("bench_") and f.endswith(".json"))
    verify_path = os.path.join(folder, "verify.json")
    if not files and not os.path.exists(verify_path):
        raise UsageError(f"{folder}: no bench_*.json and no verify.json: not a results folder")
    machine_path = os.path.join(folder, "machine.json")
    machine = load_json(machine_path) if os.path.exists(machine_path) else None
    bench, metric = {}, {}
    for f in files:
        path = os.path.join(folder, f)
        samples, metrics = bench_samples(load_json(path), path)
        for name, xs in samples.items():
            bench[(f, name)] = xs
            metric[(f, name)] = metrics[name]
    verify = {}
    if os.path.exists(verify_path):
        rows = load_json(verify_path)
        if not isinstance(rows, list):
            raise UsageError(f"{verify_path}:1: not a list of verification rows")
        for r in rows:
            if not isinstance(r, dict) or not {"family", "name", "check", "outcome"} <= r.keys():
                raise UsageError(f"{verify_path}:1: a row without family, name, check and outcome")
            verify[(r["family"], r["name"], r["check"])] = r["outcome"]
    return {"machine": machine, "bench": bench, "metric": metric, "verify": verify}


def machine_differences(a, b):
    """['cpu: X != Y', ...] for the keys that must match; [] when both agree."""
    if a is None or b is None:
        return ["machine.json missing on one side"]
    return [f"{k}: {a.get(k)!r} != {b.get(k)!r}" for k in MACHINE_KEYS if a.get(k) != b.get(k)]


def judge(p_holm, ratio, floor, alpha):
    if p_holm > alpha or abs(math.log(ratio)) < math.log1p(floor):
        return "unchanged"
    return "regression" if ratio > 1 else "improvement"


def decide(rows, alpha, min_change, noise):
    """Adds p_holm, floor and verdict to rows that have a p-value. A row whose
    test can never reach Holm's strictest level (alpha / k) is "not enough
    data": with that few samples no slowdown could be flagged."""
    judged = [r for r in rows if "p" in r]
    adjusted = st.holm([r["p"] for r in judged])
    k = max(len(judged), 1)
    for r, p_holm in zip(judged, adjusted):
        r["p_holm"] = p_holm
        r["floor"] = max(min_change, noise.get(r["benchmark"], 0.0), r.pop("own_noise", 0.0))
        if r["min_p"] > alpha / k:
            r["verdict"] = "not enough data"
        else:
            r["verdict"] = judge(p_holm, r["ratio"], r["floor"], alpha)
    return rows


def compare_samples(base, cur, metric, alpha, min_change, noise):
    """Unpaired rows: one per benchmark seen on either side."""
    rows = []
    for key in sorted(set(base) | set(cur)):
        f, name = key
        row = {"benchmark": name, "file": f, "metric": metric.get(key)}
        if key not in cur or key not in base:
            row["verdict"] = "only in baseline" if key in base else "only in current"
            rows.append(row)
            continue
        b, c = base[key], cur[key]
        _, p = st.mann_whitney(c, b)
        row.update(baseline_n=len(b), current_n=len(c), baseline_median=st.median(b), current_median=st.median(c),
                   p=p, min_p=st.mann_whitney_min_p(len(b), len(c)),
                   own_noise=max(st.relative_spread(b), st.relative_spread(c)))
        row["ratio"] = row["current_median"] / row["baseline_median"]
        interval = st.ratio_interval(b, c)
        row["interval"] = list(interval) if interval else None
        rows.append(row)
    return decide(rows, alpha, min_change, noise)


def compare_verify(base, cur):
    """Rows whose outcome went from good to bad, and rows that vanished."""
    regressions, dropped = [], []
    for key in sorted(base):
        family, name, check = key
        if key not in cur:
            dropped.append({"family": family, "name": name, "check": check, "baseline": base[key]})
        elif base[key] in GOOD and cur[key] in BAD:
            regressions.append({"family": family, "name": name, "check": check, "baseline": base[key],
                                "current": cur[key]})
    return regressions, dropped


def verdict(bench_rows, verify_regressions, dropped, machine_diffs, mode, alpha, min_change):
    counts = {}
    for r in bench_rows:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    judged = counts.get("regression", 0) + counts.get("improvement", 0) + counts.get("unchanged", 0)
    if counts.get("regression") or verify_regressions:
        overall = "regression"
    elif judged == 0 and not verify_regressions and bench_rows:
        overall = "not enough data"
    else:
        overall = "no regression"
    return {"verdict": overall, "mode": mode, "alpha": alpha, "min_change": min_change, "correction": "holm",
            "counts": counts, "benchmarks": bench_rows, "verify_regressions": verify_regressions,
            "verify_dropped": dropped, "machine_differences": machine_diffs}


def _pct(ratio):
    return f"{(ratio - 1) * 100:+.1f}%"


def markdown(v, limit=20):
    """A pull-request comment: the verdict, then the worst regressions first."""
    lines = [f"### gauntlet: {v['verdict']}", ""]
    c = v["counts"]
    lines.append(f"{len(v['benchmarks'])} benchmarks ({v['mode']} mode): "
                 + ", ".join(f"{n} {k}" for k, n in sorted(c.items())) + ". "
                 f"Two-sided {'Wilcoxon signed-rank on pair ratios' if v['mode'] == 'paired' else 'Mann-Whitney U'}, "
                 f"Holm-corrected at alpha {v['alpha']}, floor {v['min_change'] * 100:.0f}% or the benchmark's noise.")
    if v["machine_differences"]:
        lines += ["", "Compared across different machines (--allow-different-machines): "
                  + "; ".join(v["machine_differences"])]
    for title, want in (("Regressions", "regression"), ("Improvements", "improvement")):
        rows = sorted((r for r in v["benchmarks"] if r["verdict"] == want), key=lambda r: -abs(math.log(r["ratio"])))
        if not rows:
            continue
        lines += ["", f"#### {title}", "", "| benchmark | change | 95% interval | p (Holm) |", "| --- | --- | --- | --- |"]
        for r in rows[:limit]:
            iv = r.get("interval")
            ivs = f"{_pct(iv[0])} .. {_pct(iv[1])}" if iv else "n/a"
            lines.append(f"| `{r['benchmark']}` | {_pct(r['ratio'])} | {ivs} | {r['p_holm']:.2g} |")
        if len(rows) > limit:
            lines.append(f"| ... {len(rows) - limit} more in compare.json | | | |")
    if v["verify_regressions"]:
        lines += ["", "#### Verification rows that regressed", ""]
        lines += [f"- {r['family']}/{r['name']} `{r['check']}`: {r['baseline']} -> {r['current']}"
                  for r in v["verify_regressions"]]
    nodata = c.get("not enough data", 0)
    if nodata:
        lines += ["", f"{nodata} benchmark(s) not judged: too few repetitions for the corrected test to "
                  "ever flag them (more `--repetitions`, or `compare --paired` with more `--rounds`)."]
    if v["verify_dropped"]:
        lines += ["", f"{len(v['verify_dropped'])} verification row(s) of the baseline are absent from the current run."]
    return "\n".join(lines) + "\n"


def write_outputs(v, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "compare.json"), "w") as f:
        json.dump(v, f, indent=2)
    md = markdown(v)
    with open(os.path.join(out_dir, "compare.md"), "w") as f:
        f.write(md)
    return md


def load_noise(path):
    if not path:
        return {}
    data = load_json(path)
    noise = data.get("noise") if isinstance(data, dict) else None
    if not isinstance(noise, dict):
        raise UsageError(f"{path}:1: no \"noise\" object (write one with `scripts/gauntlet calibrate`)")
    return {k: float(x) for k, x in noise.items()}


def compare_folders(baseline, current, alpha, min_change, noise_path=None, allow_different_machines=False):
    base, cur = load_folder(baseline), load_folder(current)
    diffs = machine_differences(base["machine"], cur["machine"])
    if diffs and not allow_different_machines:
        raise UsageError(f"{baseline} and {current} come from different machines ({'; '.join(diffs)}); "
                         "pass --allow-different-machines to compare them anyway")
    metric = {**base["metric"], **cur["metric"]}
    rows = compare_samples(base["bench"], cur["bench"], metric, alpha, min_change, load_noise(noise_path))
    vreg, dropped = compare_verify(base["verify"], cur["verify"])
    return verdict(rows, vreg, dropped, diffs, "unpaired", alpha, min_change)
