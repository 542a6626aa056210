#!/usr/bin/env python3
"""gauntlet-check beside Porcupine on the same history files, in the same run.

Usage: compare_porcupine.py GAUNTLET_CHECK [--repeat N] [--cold K] [--shared DIR]

Warm: the median search time over N runs in one process (gauntlet-check
--repeat N; porcupine-bench --repeat N). Cold: one check in a fresh process
(gauntlet-check's first check; porcupine-bench --repeat 1 on that file
alone), the median over K processes. Parse excluded on both sides. Prints one
row per history with both times and the ratio Porcupine / gauntlet (above 1:
gauntlet is faster). Rounds alternate the two tools so they share the
machine's noise.
"""
import argparse
import json
import pathlib
import statistics
import subprocess
import sys

MODELS = {"etcd": ("cas-register", "etcd"), "kv": ("kv", "kv")}


def ours(binary, model, files, repeat):
    args = [binary, "--json", "--model", model] + (["--repeat", str(repeat)] if repeat else []) + files
    out = subprocess.run(args, capture_output=True, text=True)
    rows = json.loads(out.stdout)
    return {r["file"]: (r["median_millis"] if repeat else r["millis"], r["verdict"]) for r in rows}


def porcupine(bench, model, files, repeat):
    out = subprocess.run([bench, model, "--repeat", str(repeat)] + files, capture_output=True, text=True, check=True)
    rows = {}
    for line in out.stdout.splitlines():
        name, ms, verdict = line.split()
        rows[name] = (float(ms), verdict)
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("binary")
    p.add_argument("--repeat", type=int, default=101)
    p.add_argument("--cold", type=int, default=5)
    p.add_argument("--shared", default=str(pathlib.Path(__file__).resolve().parents[3].parent / "shared"))
    a = p.parse_args()
    shared = pathlib.Path(a.shared)
    bench = str(shared / "anchors" / "porcupine-bench")
    print(f"{'history':10} {'ours warm':>10} {'porc warm':>10} {'ratio':>7} {'ours cold':>10} {'porc cold':>10} {'ratio':>7}")
    worst_warm = worst_cold = None
    for folder, (model, pmodel) in MODELS.items():
        files = sorted(str(f) for f in (shared / "histories" / folder).glob("*") if f.suffix in (".log", ".txt"))
        if not files:
            print(f"no histories in {shared / 'histories' / folder}", file=sys.stderr)
            continue
        warm_p = porcupine(bench, pmodel, files, a.repeat)
        warm_o = ours(a.binary, model, files, a.repeat)
        cold_o = {f: [] for f in files}
        cold_p = {f: [] for f in files}
        for _ in range(a.cold):
            for f in files:
                cold_p[f].append(porcupine(bench, pmodel, [f], 1)[f][0])
                cold_o[f].append(ours(a.binary, model, [f], 0)[f][0])
        for f in files:
            if warm_o[f][1].replace("-", "") != warm_p[f][1].replace("-", ""):
                print(f"{f}: verdicts differ: ours {warm_o[f][1]}, Porcupine {warm_p[f][1]}", file=sys.stderr)
            wo, wp = warm_o[f][0], warm_p[f][0]
            co, cp = statistics.median(cold_o[f]), statistics.median(cold_p[f])
            rw, rc = wp / max(wo, 1e-6), cp / max(co, 1e-6)
            worst_warm = rw if worst_warm is None else min(worst_warm, rw)
            worst_cold = rc if worst_cold is None else min(worst_cold, rc)
            print(f"{pathlib.Path(f).stem:10} {wo:10.4f} {wp:10.4f} {rw:7.2f} {co:10.4f} {cp:10.4f} {rc:7.2f}")
    print(f"lowest ratio: warm {worst_warm:.2f}, cold {worst_cold:.2f} (times in ms; ratio = Porcupine / ours)")


if __name__ == "__main__":
    main()
