"""The queue plugin's targets on fixed benchmark rows (standard library only):
the MPMC target names every shape measured, a hand-off below the physical
floor is flagged as a disturbed run, unpinned round trips are said so, and
repeated runs are read through their medians."""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.join(HERE, "..", "..", "scripts", "report", "plugins", "queue.py")

spec = importlib.util.spec_from_file_location("queue_plugin", PLUGIN)
queue = importlib.util.module_from_spec(spec)
spec.loader.exec_module(queue)

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def median(name, **counters):
    """A median aggregate row as Google Benchmark writes it with repetitions."""
    return dict(name=f"{name}_median", run_name=name, run_type="aggregate", aggregate_name="median", **counters)


def throughput(impl, p, c, items):
    return median(f"throughput/{impl}/p:{p}/c:{c}/bytes:8/real_time/threads:{p + c}", items_per_second=items)


def round_trip(name, one_way, pinned):
    return median(f"{name}/real_time", one_way_ns=one_way, rtt_p50_ns=2 * one_way, rtt_p99_ns=3 * one_way,
                  rtt_p999_ns=4 * one_way, pinned=pinned)


SHAPES = ((1, 1), (2, 2), (1, 2), (2, 1))
rows = [throughput("spsc", 1, 1, 30e6), throughput("boost-spsc_queue", 1, 1, 20e6),
        throughput("moodycamel-readerwriterqueue", 1, 1, 10e6)]
rows += [throughput("mpmc", p, c, 10e6) for p, c in SHAPES]
rows += [throughput("boost-queue", p, c, 12e6 if (p, c) == (1, 2) else 5e6) for p, c in SHAPES]

targets = {t["claim"]: t for t in queue.targets(rows + [round_trip("cacheline-pingpong/one-atomic", 100, 1),
                                                          round_trip("pingpong/spsc/bytes:8", 150, 1)])}
every = next((t for c, t in targets.items() if "boost-queue at every shape" in c), None)
check(every is not None and "(1x1, 1x2, 2x1, 2x2; 8 B)" in every["claim"], "the MPMC target lists every shape")
check(every is not None and not every["met"] and "(1x2)" in every["measured"], "one losing shape fails it, named")
check(targets["spsc throughput >= boost-spsc_queue (1x1, 8 B)"]["measured"] == "1.50x", "SPSC ratio of medians")
hand_off = next(t for c, t in targets.items() if "hand-off" in c)
check(hand_off["met"] and hand_off["measured"] == "1.50x" and "not pinned" not in hand_off["claim"],
      "a pinned hand-off within 3x the floor is met")

# The floor measured with both threads on one CPU: every transfer a time slice.
disturbed = [t for t in queue.targets([round_trip("cacheline-pingpong/one-atomic", 2500, 0),
                                       round_trip("pingpong/spsc/bytes:8", 150, 1)]) if "hand-off" in t["claim"]]
check(len(disturbed) == 1 and not disturbed[0]["met"] and "below the floor" in disturbed[0]["measured"],
      "a hand-off faster than the floor is reported as a disturbed run")
check(len(disturbed) == 1 and "not pinned to two CPUs: cacheline-pingpong/one-atomic" in disturbed[0]["claim"],
      "the unpinned run is named")

sections = dict(queue.sections(rows + [round_trip("cacheline-pingpong/one-atomic", 100, 1)], []))
latency = sections.get("Queue: round-trip latency distribution", "")
check("<td class='num'>200</td>" in latency and "<td class='num'>yes</td>" in latency,
      "the latency table reads median aggregates")

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("queue plugin: all checks passed")
