"""`gauntlet calibrate`: the paired gate's two rates, measured on this machine.

The fixture (verify/cli/gate_fixture) is built three times: as is, and with
5% and 10% more work per iteration. Each comparison is one `compare --paired`
verdict over the fixture's benchmarks (Holm across them, as over a suite):
A against A gives the false-alarm rate, A against A+5% and A+10% the
detection rates. The three cases take turns, comparison by comparison, so a
change in the machine's load hits them alike. The measured injected ratio
(the median pair ratio of the +5% and +10% cases) is reported beside the
rates: the fixture's loop overhead makes it slightly less than nominal.
"""
import datetime
import json
import math
import os
import time

import gate_stats as st
from build import build, manifest
from common import EXIT_FAILED, EXIT_OK, UsageError, ensure_dir, say
from compare import verdict
from paired import run_once, collect_pairs, paired_rows, rounds_needed

CASES = (("A/A", "bench_gate_fixture"), ("+5%", "bench_gate_fixture_plus5"), ("+10%", "bench_gate_fixture_plus10"))
# The targets, judged here and in the report.
MAX_FALSE_ALARM_RATE = 0.01
MIN_DETECTION_10 = 0.95


def _paths(preset):
    targets = {e["target"]: e["path"] for e in manifest(preset)}
    missing = [t for _, t in CASES if t not in targets]
    if missing:
        raise UsageError(f"{', '.join(missing)} not in the build (configured without benchmarks?)")
    return {t: targets[t] for _, t in CASES}


def run_calibration(preset, comparisons, rounds, alpha, min_change, out_dir):
    build(preset, [t for _, t in CASES])
    paths = _paths(preset)
    base = paths[CASES[0][1]]
    results = {name: {"flagged": 0, "improvement_flagged": 0, "median_ratios": []} for name, _ in CASES}
    aa_logs = {}
    k = len(run_once(base, None, "0.001")[0])  # benchmarks per comparison: Holm corrects across them
    n_rounds = rounds or rounds_needed(k, alpha)
    say(f"calibrate: {comparisons} comparisons per case, {n_rounds} pairs each, {k} benchmarks")
    t0 = time.monotonic()
    for i in range(comparisons):
        for name, target in CASES:
            ratios, metric = collect_pairs(base, paths[target], n_rounds)
            rows = paired_rows({("fixture", n): rs for n, rs in ratios.items()},
                               {("fixture", n): m for n, m in metric.items()}, alpha, min_change, {})
            v = verdict(rows, [], [], [], "paired", alpha, min_change)
            r = results[name]
            r["flagged"] += v["verdict"] == "regression"
            r["improvement_flagged"] += any(x["verdict"] == "improvement" for x in rows)
            r["median_ratios"].append(st.median([x["ratio"] for x in rows]))
            if name == "A/A":
                for x in rows:
                    aa_logs.setdefault(x["benchmark"], []).append(abs(math.log(x["ratio"])))
        elapsed = time.monotonic() - t0
        say(f"calibrate: comparison {i + 1}/{comparisons} of each case, {elapsed:.0f}s so far; flagged "
            + ", ".join(f"{n} {results[n]['flagged']}" for n, _ in CASES))
    summary = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "comparisons": comparisons, "rounds": n_rounds, "alpha": alpha,
        "min_change": min_change, "benchmarks_per_comparison": k, "seconds": round(time.monotonic() - t0, 1),
        "cases": {n: {"flagged": r["flagged"], "rate": r["flagged"] / comparisons,
                      "improvement_flagged": r["improvement_flagged"],
                      "measured_ratio": st.median(r["median_ratios"])} for n, r in results.items()},
        # The 95th percentile of |log ratio| over A/A comparisons: what one
        # benchmark's median pair ratio drifts from 1 with no change at all.
        "noise": {b: math.expm1(sorted(v)[min(len(v) - 1, int(0.95 * len(v)))]) for b, v in aa_logs.items()},
    }
    fa, det = summary["cases"]["A/A"]["rate"], summary["cases"]["+10%"]["rate"]
    summary["targets"] = [
        {"claim": f"false alarms in A/A comparisons at most {MAX_FALSE_ALARM_RATE:.0%}", "measured": fa,
         "met": fa <= MAX_FALSE_ALARM_RATE},
        {"claim": f"detection of the 10% slowdown at least {MIN_DETECTION_10:.0%}", "measured": det,
         "met": det >= MIN_DETECTION_10},
    ]
    ensure_dir(out_dir)
    path = os.path.join(out_dir, "gate_calibration.json")
    with open(path, "w") as f:
        json.dump(summary, f, indent=2)
    for n, c in summary["cases"].items():
        say(f"calibrate {n}: flagged {c['flagged']}/{comparisons} ({c['rate']:.0%}), measured ratio "
            f"{c['measured_ratio']:.3f}")
    say(f"wrote {os.path.relpath(path)}")
    return EXIT_OK if all(t["met"] for t in summary["targets"]) else EXIT_FAILED
