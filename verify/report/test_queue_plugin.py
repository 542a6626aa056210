"""The queue plugin's targets on fixed benchmark rows (standard library only):
the targets are the ones bench_queue declares in its gauntlet_targets context
(fixtures/queue_targets.json, which the bench_queue_paired_contract test holds
equal to the real binary's), the throughput targets are read from paired rows
and judged by their confidence intervals (a tie matches, only a whole interval
above 1 beats), the MPMC target names every shape measured, the padding table
shows paired ratios, a hand-off below the physical floor is flagged as a
disturbed run, unpinned round trips are said so, repeated runs are read
through their medians, and results without the context (an older bench_queue)
say so instead of being judged."""
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPORT = os.path.join(HERE, "..", "..", "scripts", "report")
PLUGIN = os.path.join(REPORT, "plugins", "queue.py")

spec = importlib.util.spec_from_file_location("queue_plugin", PLUGIN)
queue = importlib.util.module_from_spec(spec)
spec.loader.exec_module(queue)
sys.path.insert(0, REPORT)
import results  # noqa: E402  (scripts/report/results.py: what the report passes a plugin)

with open(os.path.join(HERE, "fixtures", "queue_targets.json")) as f:
    DECLARED = json.load(f)
# The context as Google Benchmark writes it: the records as one JSON string.
CONTEXT = {"gauntlet_family": "queue", "gauntlet_targets": json.dumps(DECLARED)}


def run(rows, context=CONTEXT):
    """A bench JSON document, as bench_queue --benchmark_format=json writes it."""
    return {"context": context, "benchmarks": rows}

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def median(name, **counters):
    """A median aggregate row as Google Benchmark writes it with repetitions."""
    return dict(name=f"{name}_median", run_name=name, run_type="aggregate", aggregate_name="median", **counters)


def paired(ours, peer, p, c, ratio, low, high, pinned=1):
    return median(f"paired/{ours}/vs:{peer}/p:{p}/c:{c}/bytes:8/iterations:24/real_time", ratio=ratio,
                  ratio_ci_low=low, ratio_ci_high=high, a_items_per_second=40e6, b_items_per_second=40e6 / ratio,
                  pairs=24, pinned=pinned)


def round_trip(name, one_way, pinned):
    return median(f"{name}/real_time", one_way_ns=one_way, rtt_p50_ns=2 * one_way, rtt_p99_ns=3 * one_way,
                  rtt_p999_ns=4 * one_way, pinned=pinned)


SHAPES = ((1, 1), (2, 2), (1, 2), (2, 1))
rows = [paired("spsc-lamport", "boost-spsc_queue", 1, 1, 0.98, 0.95, 1.01),         # a tie: matches
        paired("spsc-lamport", "moodycamel-readerwriterqueue", 1, 1, 0.97, 0.94, 0.99),  # slower: not met
        paired("spsc", "boost-spsc_queue", 1, 1, 1.20, 1.10, 1.30)]
# 1x2 wins on the median but its interval reaches below 1: not a win.
rows += [paired("mpmc", "boost-queue", p, c, 1.05 if (p, c) == (1, 2) else 1.5,
                0.99 if (p, c) == (1, 2) else 1.3, 1.6, pinned=0 if p + c > 2 else 1) for p, c in SHAPES]
rows += [paired("mpmc", "tbb-concurrent_bounded_queue", p, c, 2.0, 1.8, 2.2) for p, c in SHAPES]
rows += [paired("spsc-packed", "spsc", 1, 1, 0.6, 0.5, 0.7), paired("mpmc-128", "mpmc", 2, 2, 1.1, 1.0, 1.2)]

targets = {t["claim"]: t for t in queue.targets(run(rows + [round_trip("cacheline-pingpong/one-atomic", 100, 1),
                                                              round_trip("pingpong/spsc/bytes:8", 150, 1),
                                                              round_trip("pingpong/spsc-lamport/bytes:8", 350, 1)]))}
def target(*words):
    found = [t for c, t in targets.items() if all(w in c for w in words)]
    return found[0] if len(found) == 1 else None


every = target("boost-queue at every shape")
check(every is not None and "(1x1, 1x2, 2x1, 2x2; 8 B)" in every["claim"], "the MPMC target lists every shape")
check(every is not None and not every["met"] and "(1x2)" in every["measured"],
      "a shape whose interval reaches 1 fails it, named")
tbb = target("tbb-concurrent_bounded_queue at every shape")
check(tbb is not None and tbb["met"], "clear wins at every shape meet it")
over = target("boost-queue (2x2")
check(over is not None and "oversubscribed" in over["claim"], "an unpinned shape says so")
tie = target("spsc-lamport ", "boost-spsc_queue")
check(tie is not None and tie["met"] and "statistical tie" in tie["claim"] and tie["measured"].startswith("0.98x"),
      "a tie at least matches")
slower = target("spsc-lamport ", "readerwriterqueue")
check(slower is not None and not slower["met"] and "significantly slower" in slower["claim"],
      "an interval wholly below 1 does not match")
faster = target("spsc throughput", "boost-spsc_queue")
check(faster is not None and faster["met"] and "significantly faster" in faster["claim"], "a clear win is named")
hand_off = next(t for c, t in targets.items() if c.startswith("spsc one-way hand-off"))
lamport = target("spsc-lamport one-way hand-off")
check(lamport is not None and not lamport["met"] and lamport["measured"] == "3.50x",
      "each SPSC ring's hand-off is judged: 3.5x the floor is not met")
check(hand_off["met"] and hand_off["measured"] == "1.50x" and "not pinned" not in hand_off["claim"],
      "a pinned hand-off within 3x the floor is met")

# The floor measured with both threads on one CPU: every transfer a time slice.
disturbed = [t for t in queue.targets(run([round_trip("cacheline-pingpong/one-atomic", 2500, 0),
                                           round_trip("pingpong/spsc/bytes:8", 150, 1)])) if "hand-off" in t["claim"]]
check(len(disturbed) == 1 and not disturbed[0]["met"] and "below the floor" in disturbed[0]["measured"],
      "a hand-off faster than the floor is reported as a disturbed run")
check(len(disturbed) == 1 and "not pinned to two CPUs: cacheline-pingpong/one-atomic" in disturbed[0]["claim"],
      "the unpinned run is named")

# Paired bursts take precedence over the separate round trips, judged by the interval.
def paired_latency(ring, ratio, low, high):
    return median(f"paired-latency/{ring}/vs:one-atomic/bytes:8/iterations:24/real_time", ratio=ratio,
                  ratio_ci_low=low, ratio_ci_high=high, one_way_ns=60 * ratio, floor_one_way_ns=60, pairs=24,
                  pinned=1)


lat = {t["claim"].split(" ")[0]: t for t in queue.targets(run(
    [round_trip("cacheline-pingpong/one-atomic", 100, 1), round_trip("pingpong/spsc/bytes:8", 500, 1),
     paired_latency("spsc", 1.2, 1.1, 1.4), paired_latency("spsc-lamport", 2.8, 2.5, 3.2)])) if "hand-off" in t["claim"]}
check(lat.get("spsc", {}).get("met") and "paired bursts" in lat["spsc"]["claim"],
      "the paired hand-off is used over a disturbed separate one")
check(lat.get("spsc-lamport") is not None and not lat["spsc-lamport"]["met"],
      "a paired interval reaching above 3x is not met")

check(lat.get("spsc", {}).get("goal") == "<= 3.00x (CI high <= 3)", "the bound comes from the declared target")

# The report's own path: results.load keeps the run's context with the rows it passes.
bench_rows_with_context = results.BenchRows(rows)
bench_rows_with_context.context.update(CONTEXT)
check(sorted(t["claim"] for t in queue.targets(bench_rows_with_context))
      == sorted(t["claim"] for t in queue.targets(run(rows))),
      "the rows the report passes carry the context the targets come from")

# Results from a bench_queue older than its declared targets: said so, not judged.
stale = queue.targets(run(rows, context={"gauntlet_family": "queue"}))
check(len(stale) == 1 and not stale[0]["met"] and "gauntlet_targets" in stale[0]["claim"]
      and "rerun bench_queue" in stale[0]["claim"], "results without gauntlet_targets say why nothing is judged")
check(queue.targets(rows) == stale, "a bare row list without a context reads as old results")
check(queue.targets(run([], context={})) == [], "no rows, no targets")
broken = queue.targets(run(rows, context={"gauntlet_targets": "[{"}))
check(len(broken) == 1 and "not JSON" in broken[0]["claim"], "an unreadable gauntlet_targets is named")
odd = queue.targets(run(rows, context={"gauntlet_targets": json.dumps(
    [dict(DECLARED[0], comparison="doubles")])}))
check(len(odd) == 1 and not odd[0]["met"] and "unknown comparison 'doubles'" in odd[0]["claim"],
      "a comparison the plugin has no rule for is reported, not dropped")
only_one = queue.targets(run(rows, context={"gauntlet_targets": json.dumps(DECLARED[:1])}))
check([t["claim"].split(" (")[0] for t in only_one] == [DECLARED[0]["claim"]],
      "only the declared targets are judged")

sections = dict(queue.sections(rows + [round_trip("cacheline-pingpong/one-atomic", 100, 1)], []))
check(sections == dict(queue.sections(run(rows + [round_trip("cacheline-pingpong/one-atomic", 100, 1)]), [])),
      "sections read a bench JSON document as they read its rows")
table = sections.get("Queue: paired comparisons (the throughput targets)", "")
check("spsc-lamport vs moodycamel-readerwriterqueue" in table and "0.94-0.99" in table,
      "the paired table shows each comparison with its interval")
padding = sections.get("Queue: what padding buys (ratios to the 64-byte layout)", "")
check("spsc throughput, paired, 1x1, 8 B" in padding and "0.60 (0.50-0.70)" in padding,
      "the padding table shows a paired ratio with its interval")
check("mpmc throughput, paired, 2x2, 8 B" in padding and "1.10 (1.00-1.20)" in padding,
      "the padding table has a paired row per shape")
latency = sections.get("Queue: round-trip latency distribution", "")
check("<td class='num'>200</td>" in latency and "<td class='num'>yes</td>" in latency,
      "the latency table reads median aggregates")

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("queue plugin: all checks passed")
