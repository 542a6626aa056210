"""`gauntlet bench FAMILY...`: runs each family's Google Benchmark binaries, JSON out."""
import os
import subprocess
import sys
import time

from build import build, manifest
from common import RESULTS_DIR, StepFailed, ensure_dir, say

# Quick: enough iterations for a stable-looking curve on a 2-core machine,
# the whole suite in a couple of minutes. Full: longer runs, three
# repetitions, and the report plots their median. Repetitions are interleaved
# so that a VM moving its vCPUs mid-run hits every implementation alike.
QUICK_ARGS = ["--benchmark_min_time=0.02"]
# The JSON keeps every repetition (display_, not report_aggregates_only): the
# regression gate (`compare`) tests the repetitions themselves.
FULL_REPETITIONS = 3
FULL_ARGS = ["--benchmark_min_time=0.3"]


def repetition_args(quick, repetitions):
    n = repetitions or (1 if quick else FULL_REPETITIONS)
    if n == 1:
        return []
    return [f"--benchmark_repetitions={n}", "--benchmark_display_aggregates_only=true",
            "--benchmark_enable_random_interleaving=true"]


# Debian's libbenchmark is built without NDEBUG and says so on every run. The
# timed loop (`for (auto _ : state)`) is inlined into our binaries with our
# flags; only the library's runner is the debug build (README, "Google
# Benchmark's DEBUG warning", has the measured overhead). Said once per run.
DEBUG_WARNING = "***WARNING*** Library was built as DEBUG. Timings may be affected."
_debug_said = []


def _forward_stderr(text):
    lines = text.splitlines()
    if any(DEBUG_WARNING in ln for ln in lines) and not _debug_said:
        say("Google Benchmark (Debian's build) reports itself as a DEBUG build: our timed loops are compiled with "
            "our own flags; see the README")
        _debug_said.append(True)
    for ln in lines:
        if DEBUG_WARNING not in ln:
            print(ln, file=sys.stderr)


def targets_for(preset, families):
    entries = [e for e in manifest(preset) if e["kind"] == "bench" and e["family"] in families]
    return entries


def run_bench(preset, families, quick, max_threads=None, bench_filter=None, results_dir=RESULTS_DIR,
              repetitions=None):
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
               *(QUICK_ARGS if quick else FULL_ARGS), *repetition_args(quick, repetitions)]
        if bench_filter:
            cmd.append(f"--benchmark_filter={bench_filter}")
        say(f"bench {e['family']}: {e['target']} ({i}/{len(entries)})")
        t0 = time.monotonic()
        r = subprocess.run(cmd, env=env, stderr=subprocess.PIPE, text=True)
        _forward_stderr(r.stderr)
        if r.returncode != 0:
            raise StepFailed(f"{e['target']} exited with status {r.returncode}")
        say(f"bench {e['target']} done in {time.monotonic() - t0:.1f}s -> {os.path.relpath(out)}")
        written.append(out)
    return written
