"""bench_queue's paired rows against what the queue plugin reads (standard
library only): runs the real binary on a few paired benchmarks and checks
that every row carries the counters the targets are judged by, that each
median lies inside its confidence interval, that the threads got CPUs of their
own where the machine has two, that the run's context declares the targets
(gauntlet_targets) as records the plugin reads, the same records the plugin's
fixture test judges (fixtures/queue_targets.json), and that the plugin turns
the rows into those targets, through the report's own loader too. Ratios
themselves are not asserted: they are measurements.

usage: test_queue_bench_contract.py BENCH_QUEUE_BINARY
"""
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPORT = os.path.join(HERE, "..", "..", "scripts", "report")
PLUGIN = os.path.join(REPORT, "plugins", "queue.py")

spec = importlib.util.spec_from_file_location("queue_plugin", PLUGIN)
queue = importlib.util.module_from_spec(spec)
spec.loader.exec_module(queue)
sys.path.insert(0, REPORT)
import bench_rows  # noqa: E402  (scripts/report/bench_rows.py: reads the targets a run declares)
import results  # noqa: E402  (scripts/report/results.py: the report's loader)

FILTER = ("^paired/spsc/vs:boost-spsc_queue/|^paired/mpmc/vs:boost-queue/p:1/|^paired/spsc-packed/vs:spsc/"
          "|^paired-latency/spsc/")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


out = subprocess.run([sys.argv[1], f"--benchmark_filter={FILTER}", "--benchmark_format=json"],
                     check=True, capture_output=True, text=True, env={**os.environ, "GAUNTLET_MAX_THREADS": "2"})
data = json.loads(out.stdout)
rows = data["benchmarks"]
names = [r["name"] for r in rows]
check(len(rows) == 4, f"the four paired benchmarks ran ({names})")
for r in rows:
    name = r["name"].split("/iterations")[0]
    keys = {"ratio", "ratio_ci_low", "ratio_ci_high", "pairs", "pinned"}
    keys |= {"one_way_ns", "floor_one_way_ns"} if name.startswith("paired-latency/") else {
        "a_items_per_second", "b_items_per_second"}
    check(keys <= set(r), f"{name}: counters {sorted(keys - set(r)) or 'all'} present")
    if keys <= set(r):
        check(0 < r["ratio_ci_low"] <= r["ratio"] <= r["ratio_ci_high"], f"{name}: median inside its 95% CI")
        check(r["pairs"] == 24 and r["iterations"] == 24, f"{name}: 24 pairs")
        # Two threads on a machine with two CPUs must each get one of their own:
        # a worker spawned by an already pinned thread once inherited its one CPU.
        if len(os.sched_getaffinity(0)) >= 2:
            check(r["pinned"] == 1, f"{name}: every thread pinned to a CPU of its own")
        else:
            check(r["pinned"] == 0, f"{name}: unpinned on one CPU")

declared, why = bench_rows.declared_targets(data, "bench_queue")
check(declared is not None, f"the run's context declares gauntlet_targets the plugin reads ({why or 'read'})")
with open(os.path.join(HERE, "fixtures", "queue_targets.json")) as f:
    check(declared == json.load(f), "the declared targets are the ones the plugin's fixture test judges "
                                    "(else update verify/report/fixtures/queue_targets.json)")
for t in declared or []:
    check({"claim", "workload", "ours", "peer", "comparison", "shapes", "bytes"} <= set(t),
          f"target record complete: {t.get('claim')}")

judged = queue.targets(data)
claims = [t["claim"] for t in judged]
check(not any("not judged" in c or "no rule" in c or "unknown comparison" in c for c in claims),
      f"every declared target has a rule in the plugin ({claims})")
check(any(c.startswith("spsc throughput at least matches boost-spsc_queue") for c in claims),
      "the plugin reads the SPSC target from the paired row")
check(any(c.startswith("mpmc throughput beats boost-queue at every shape") for c in claims),
      "the plugin reads the MPMC target from the paired row")
check(any(c.startswith("spsc one-way hand-off") and "paired bursts" in c for c in claims),
      "the plugin reads the hand-off target from the paired bursts")
with tempfile.TemporaryDirectory() as results_dir:
    with open(os.path.join(results_dir, "bench_queue.json"), "w") as f:
        f.write(out.stdout)
    loaded = results.load(results_dir)
    check(queue.targets(loaded.bench_raw.get("queue", [])) == judged,
          "the report's loader hands the plugin the rows with their context: the same targets")
padding = dict(queue.sections(rows, [])).get("Queue: what padding buys (ratios to the 64-byte layout)", "")
check("spsc throughput, paired, 1x1, 8 B" in padding, "the padding table shows the paired ablation")

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("bench_queue paired contract: all checks passed")
