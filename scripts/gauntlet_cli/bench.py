"""`gauntlet bench FAMILY...`: runs each family's Google Benchmark binaries, JSON out."""
import os
import subprocess
import time

from build import build, manifest
from common import RESULTS_DIR, StepFailed, ensure_dir, say

# Quick: enough iterations for a stable-looking curve on a 2-core machine,
# the whole suite in a couple of minutes. Full: longer runs, three
# repetitions, and the report plots their median. Repetitions are interleaved
# so that a VM moving its vCPUs mid-run hits every implementation alike.
QUICK_ARGS = ["--benchmark_min_time=0.02"]
FULL_ARGS = ["--benchmark_min_time=0.3", "--benchmark_repetitions=3",
             "--benchmark_report_aggregates_only=true", "--benchmark_enable_random_interleaving=true"]


def targets_for(preset, families):
    entries = [e for e in manifest(preset) if e["kind"] == "bench" and e["family"] in families]
    return entries


def run_bench(preset, families, quick, max_threads=None, bench_filter=None, results_dir=RESULTS_DIR):
    entries = targets_for(preset, families)
    missing = sorted(set(families) - {e["family"] for e in entries})
    for fam in missing:
        say(f"family {fam} has no benchmarks; skipping")
    if not entries:
        return []
    build(preset, [e["target"] for e in entries])
    ensure_dir(results_dir)
    env = dict(os.environ)
    if max_threads:
        env["GAUNTLET_MAX_THREADS"] = str(max_threads)
    written = []
    for i, e in enumerate(entries, 1):
        out = os.path.join(results_dir, f"bench_{e['target']}.json")
        cmd = [e["path"], f"--benchmark_out={out}", "--benchmark_out_format=json",
               *(QUICK_ARGS if quick else FULL_ARGS)]
        if bench_filter:
            cmd.append(f"--benchmark_filter={bench_filter}")
        say(f"bench {e['family']}: {e['target']} ({i}/{len(entries)})")
        t0 = time.monotonic()
        r = subprocess.run(cmd, env=env)
        if r.returncode != 0:
            raise StepFailed(f"{e['target']} exited with status {r.returncode}")
        say(f"bench {e['target']} done in {time.monotonic() - t0:.1f}s -> {os.path.relpath(out)}")
        written.append(out)
    return written
