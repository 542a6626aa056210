"""`gauntlet compare --paired OLD_BUILD NEW_BUILD`: the gate for noisy machines.

Two separately measured runs on a shared runner differ by 10-30% from noise
alone. Here each benchmark binary of the two builds runs in alternation, one
short repetition at a time (old, new, then new, old, ...), so every pair of
runs shares the machine's conditions and the order's drift cancels, as the
queue family's paired slices do (bench/queue/paired.hpp). Each pair gives one
ratio new / old per benchmark; the Wilcoxon signed-rank test on the
log-ratios gives the p that Holm corrects, and the order statistics of the ratios give a
distribution-free 95% interval for the median ratio.
"""
import json
import math
import os
import subprocess
import tempfile

import gate_stats as st
from common import StepFailed, UsageError, say
from compare import bench_samples, decide, verdict

# With k benchmarks compared at family-wise level alpha the signed-rank test
# needs n pairs with 2 / 2^n <= alpha / k before it can flag anything, and
# then only if every pair agrees; the default rounds add a margin of 8 pairs
# to that minimum, so that a few pairs hit by a neighbour's burst of load do
# not hide a real slowdown (calibrate measures what that margin buys).
ROUND_MARGIN = 8
# Each run of a binary is REPETITIONS short repetitions, and the run's value
# is their fastest: interference on a shared machine (preemption, a
# neighbour's burst) only ever slows a repetition down, so the minimum is the
# estimate it disturbs least, and A and B are treated alike.
MIN_TIME_S = "0.002"
REPETITIONS = 5


def load_manifest(build):
    path = os.path.join(build, "gauntlet_manifest.json")
    if not os.path.isdir(build):
        raise UsageError(f"{build}: no such build folder")
    try:
        with open(path) as f:
            entries = json.load(f)
    except OSError:
        raise UsageError(f"{path}: no manifest: not a configured gauntlet build folder")
    except json.JSONDecodeError as e:
        raise UsageError(f"{path}:{e.lineno}: malformed JSON ({e.msg})")
    return {e["target"]: e for e in entries if e.get("kind") == "bench"}


def rounds_needed(k, alpha):
    return max(1, math.ceil(math.log2(2 * k / alpha))) + ROUND_MARGIN


def run_once(path, bench_filter, min_time):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    try:
        cmd = [path, f"--benchmark_out={out}", "--benchmark_out_format=json", f"--benchmark_min_time={min_time}",
               f"--benchmark_repetitions={REPETITIONS}"]
        if bench_filter:
            cmd.append(f"--benchmark_filter={bench_filter}")
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise StepFailed(f"{path} exited with status {r.returncode}: {r.stderr.strip()[-300:]}")
        with open(out) as f:
            samples, metric = bench_samples(json.load(f), path)
        return samples, metric
    finally:
        os.unlink(out)


def _binary(entry, build):
    path = entry["path"]
    if not os.path.exists(path):
        raise UsageError(f"{path}: not built (cmake --build {build} --target {entry['target']})")
    return path


def collect_pairs(old_path, new_path, rounds, bench_filter=None, min_time=MIN_TIME_S, progress=None):
    """{benchmark: [new/old ratio per round]} and {benchmark: metric}."""
    ratios, metric = {}, {}
    for i in range(rounds):
        order = ((old_path, "old"), (new_path, "new")) if i % 2 == 0 else ((new_path, "new"), (old_path, "old"))
        got = {}
        for path, side in order:
            got[side], m = run_once(path, bench_filter, min_time)
            metric.update(m)
        for name in sorted(set(got["old"]) & set(got["new"])):
            ratios.setdefault(name, []).append(min(got["new"][name]) / min(got["old"][name]))
        if progress:
            progress(i + 1, rounds)
    return ratios, metric


def paired_rows(ratios, metric, alpha, min_change, noise):
    """ratios: {(file, benchmark): [new / old per pair]}."""
    rows = []
    for key in sorted(ratios):
        rs = ratios[key]
        logs = [math.log(r) for r in rs]
        iv = st.median_interval(rs)
        rows.append({"benchmark": key[1], "file": key[0], "metric": metric.get(key), "pairs": len(rs),
                     "ratio": math.exp(st.median(logs)), "interval": list(iv) if iv else None,
                     "p": st.signed_rank(logs), "min_p": st.sign_test_min_p(len(rs)), "ratios": rs})
    return decide(rows, alpha, min_change, noise)


def compare_builds(old_build, new_build, alpha, min_change, noise, rounds=None, families=None, bench_filter=None,
                   min_time=MIN_TIME_S):
    old, new = load_manifest(old_build), load_manifest(new_build)
    # The calibration copies of the fixture are `calibrate`'s, never a build's change.
    common = sorted(t for t in set(old) & set(new) if old[t]["family"] != "gate-calibration"
                    and (not families or old[t]["family"] in families))
    if not common:
        raise UsageError(f"{old_build} and {new_build} share no benchmark binary"
                         + (f" of {', '.join(families)}" if families else ""))
    all_ratios, all_metric = {}, {}
    n_rounds = rounds
    for t in common:
        old_path, new_path = _binary(old[t], old_build), _binary(new[t], new_build)
        if n_rounds is None:
            # One listing run to count the benchmarks: the rounds follow from k.
            probe, _ = run_once(old_path, bench_filter, "0.001")
            n_rounds = rounds_needed(max(len(probe), 1) * len(common), alpha)
            say(f"paired: {n_rounds} rounds per binary (enough pairs to flag at alpha {alpha} over "
                f"~{len(probe) * len(common)} benchmarks)")

        def progress(i, n, t=t):
            if i == n or i % 5 == 0:
                say(f"paired {t}: round {i}/{n}")

        ratios, metric = collect_pairs(old_path, new_path, n_rounds, bench_filter, min_time, progress)
        for name, rs in ratios.items():
            all_ratios[(f"bench_{t}.json", name)] = rs
            all_metric[(f"bench_{t}.json", name)] = metric.get(name)
    rows = paired_rows(all_ratios, all_metric, alpha, min_change, noise)
    return verdict(rows, [], [], [], "paired", alpha, min_change)
