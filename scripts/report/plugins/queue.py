"""Report targets and sections for the queue family (standard library only).

The report generator calls targets(bench) and sections(bench, verify) with the
Google Benchmark JSON result objects of bench_queue. Names follow
``<workload>/<impl>[/<key>:<value>...]`` with ``/real_time`` and
``/threads:N`` appended by Google Benchmark.

What is claimed comes from the benchmark itself: bench_queue writes its
targets into the run's context as ``gauntlet_targets``, a JSON array of
records (claim, workload, ours, peer, comparison, shapes, bytes[, bound]).
This plugin only judges them. ``bench`` is either the row list the report
passes (scripts/report/results.py: ``BenchRows``, carrying ``.context``) or a
whole bench JSON document (``{"context": ..., "benchmarks": [...]}``).
"""

import html
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench_rows  # noqa: E402  (scripts/report/bench_rows.py: one parser for every plugin)

# Workloads this plugin presents itself (the generic plots skip them): a paired
# row is a ratio between two queues, not a throughput of one.
OWN_WORKLOADS = ("paired", "paired-latency")
FLOOR = ("cacheline-pingpong", "one-atomic")
PAD_GROUPS = (("spsc-packed", "spsc", "spsc-128"), ("spsc-lamport-packed", "spsc-lamport", "spsc-lamport-128"),
              ("mpmc-packed", "mpmc", "mpmc-128"))
# A hand-off cannot beat one cache-line transfer; below this fraction of the
# floor (a margin for clock noise) the run itself is wrong.
FLOOR_SANITY = 0.8





def _metric(bench, metric):
    """`metric` per (workload, impl, sorted params); the queue benchmarks run their own threads."""
    return {(w, i, p): v for (w, i, p, _), v in bench_rows.table(bench, metric).items()}


def _throughput(bench):
    return _metric(bench, "items_per_second")


def _shape(params):
    p = dict(params)
    return int(p.get("p", 1)), int(p.get("c", 1)), int(p.get("bytes", 8))


def _shape_text(s):
    return f"{s[0]}x{s[1]}"


def _workload_counters(bench, workload, keys):
    """{(impl, sorted params): {counter: value}} for one workload's rows, each of `keys` they carry."""
    out = {}
    for key in keys:
        for (w, impl, params), v in _metric(bench, key).items():
            if w == workload:
                out.setdefault((impl, params), {})[key] = v
    return out


RATIO_KEYS = ("ratio", "ratio_ci_low", "ratio_ci_high", "pairs", "pinned")


def _paired(bench):
    """{(ours, peer, (p, c, bytes)): {counter: value}} from the paired/<ours>/vs:<peer>/... rows."""
    rows = _workload_counters(bench, "paired", RATIO_KEYS + ("a_items_per_second", "b_items_per_second"))
    return {(ours, dict(params).get("vs"), _shape(params)): r for (ours, params), r in rows.items()}


def _ratio_text(row):
    return f"{row['ratio']:.2f}x (95% CI {row['ratio_ci_low']:.2f}-{row['ratio_ci_high']:.2f})"


def _verdict(row):
    return ("significantly faster" if row["ratio_ci_low"] > 1.0
            else "significantly slower" if row["ratio_ci_high"] < 1.0 else "a statistical tie")


def _at_least_matches(t, rows):
    """"At least matches": met unless the paired comparison shows ours slower,
    that is unless the whole confidence interval of the median ratio is below 1."""
    out = []
    for s, row in rows.items():
        out.append({"claim": f"{t['claim']} ({_shape_text(s)}, {s[2]} B, {int(row.get('pairs', 0))} paired "
                             f"slices; {_verdict(row)})",
                    "measured": _ratio_text(row), "goal": ">= 1.00x (CI high >= 1)",
                    "met": row["ratio_ci_high"] >= 1.0})
    return out


def _beats(t, rows):
    """"Beats" means the whole confidence interval of the median ratio is above
    1. A target at every shape gets one row over every shape both ran (naming
    each shape, and the worst), then one row per shape."""
    shapes = sorted(rows, key=lambda s: (s[0] + s[1], s))
    out = []
    if t.get("shapes") == "every":
        worst = min(shapes, key=lambda s: rows[s]["ratio_ci_low"])
        out.append({"claim": f"{t['claim']} at every shape measured "
                             f"({', '.join(_shape_text(s) for s in shapes)}; {shapes[0][2]} B)",
                    "measured": f"worst {_ratio_text(rows[worst])} ({_shape_text(worst)})",
                    "goal": "> 1.00x at each (CI low > 1)",
                    "met": all(rows[s]["ratio_ci_low"] > 1.0 for s in shapes)})
    for s in shapes:
        unpinned = "; oversubscribed, unpinned" if rows[s].get("pinned", 1) < 1 else ""
        out.append({"claim": f"{t['claim']} ({_shape_text(s)}, {s[2]} B{unpinned})",
                    "measured": _ratio_text(rows[s]), "goal": "> 1.00x (CI low > 1)",
                    "met": rows[s]["ratio_ci_low"] > 1.0})
    return out


PAIRED_RULES = {"at least matches": _at_least_matches, "beats": _beats}


def _paired_target(t, paired):
    """One declared paired target's rows: the shapes it names ("1x1" or "every"),
    at its payload size."""
    rule = PAIRED_RULES.get(t.get("comparison"))
    if rule is None:
        return [_unjudged(t, f"unknown comparison {t.get('comparison')!r}")]
    bytes_ = int(t.get("bytes", 8))
    rows = {s: r for (o, p, s), r in paired.items() if o == t.get("ours") and p == t.get("peer")
            and s[2] == bytes_ and "ratio_ci_low" in r and "ratio_ci_high" in r
            and (t.get("shapes") == "every" or s[:2] == (1, 1))}
    return rule(t, rows) if rows else []


def _unjudged(t, why):
    return bench_rows.unjudged(t, why, goal=t.get("comparison", ""))


def _pinned(bench, key):
    """Whether every run of `key` = (workload, impl) had its threads on distinct CPUs
    (rows from before the `pinned` counter count as unknown: None)."""
    vals = [v for (w, i, _), v in _metric(bench, "pinned").items() if (w, i) == key]
    return None if not vals else all(v >= 1 for v in vals)


def _paired_latency(bench):
    """{ring: {counter: value}} from the paired-latency/<ring>/vs:one-atomic/... rows."""
    rows = _workload_counters(bench, "paired-latency", RATIO_KEYS + ("one_way_ns", "floor_one_way_ns"))
    return {ring: r for (ring, _), r in rows.items() if "ratio_ci_high" in r}


def _bound(t):
    return float(t.get("bound", 3))


def _paired_latency_target(t, r):
    """Hand-off and floor measured in alternating bursts on the same two threads:
    "within Nx" is met when the whole confidence interval is at or below N."""
    bound = _bound(t)
    claim = (f"{t['claim']} ({r.get('one_way_ns', 0):.0f} ns against {r.get('floor_one_way_ns', 0):.0f} ns, "
             f"{int(r.get('pairs', 0))} paired bursts")
    if r.get("pinned", 1) < 1:
        claim += "; not pinned to two CPUs"
    return {"claim": claim + ")", "measured": _ratio_text(r), "goal": f"<= {bound:.2f}x (CI high <= {bound:g})",
            "met": r["ratio_ci_high"] <= bound}


def _latency_target(t, bench, paired, one_way, floor):
    """A ring's hand-off against the floor: from the paired bursts when the run
    has them, else from the separate round trips. Separately measured, a
    hand-off faster than the floor means a disturbed run, never a fast queue:
    the floor measured with both threads on one CPU (each transfer then a time
    slice), or the two measured minutes apart while the host moved the VM's
    vCPUs. Reported as not met, with why."""
    ring, bound = t.get("ours"), _bound(t)
    if ring in paired:
        return [_paired_latency_target(t, paired[ring])]
    hand_off = next((v for (w, i, _), v in one_way.items() if w == "pingpong" and i == ring), None)
    if not (floor and hand_off):
        return []
    ratio = hand_off / floor
    claim = f"{t['claim']} ({hand_off:.0f} ns against {floor:.0f} ns, separate round trips"
    unpinned = [f"{w}/{i}" for w, i in (FLOOR, ("pingpong", ring)) if _pinned(bench, (w, i)) is False]
    if unpinned:
        claim += f"; not pinned to two CPUs: {', '.join(unpinned)}"
    measured = f"{ratio:.2f}x"
    met = ratio <= bound
    if ratio < FLOOR_SANITY:
        measured += " (below the floor: disturbed measurement)"
        met = False
    return [{"claim": claim + ")", "measured": measured, "goal": f"<= {bound:.2f}x", "met": met}]


def targets(bench):
    """Each target bench_queue declared, judged on this run's rows (a target the
    run did not measure, say a filtered run, is left out); one unmet row saying
    why when the run declared none."""
    rows = bench_rows.rows_of(bench)
    paired = _paired(rows)
    one_way = _metric(rows, "one_way_ns")
    floor = next((v for (w, i, _), v in one_way.items() if (w, i) == FLOOR), None)
    latency = _paired_latency(rows)

    def judge(t):
        if t.get("workload") == "paired":
            return _paired_target(t, paired)
        if t.get("workload") == "paired-latency" and str(t.get("comparison", "")).startswith("within"):
            return _latency_target(t, rows, latency, one_way, floor)
        return _unjudged(t, f"no rule for workload {t.get('workload')!r}, comparison {t.get('comparison')!r}")

    return bench_rows.judge_declared(bench, "bench_queue", "queue", judge)


def _table(header, rows):
    esc = html.escape
    out = ["<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>"]
    for row in rows:
        out.append("<tr>" + "".join(f"<td class='num'>{esc(str(c))}</td>" if i else f"<td>{esc(str(c))}</td>"
                                     for i, c in enumerate(row)) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _padding_section(tp, one_way, paired):
    rows = []
    for group in PAD_GROUPS:
        base = group[1]  # the 64-byte layout
        shapes = sorted({s for (a, b, s) in paired if b == base and a in group}, key=lambda s: (s[0] + s[1], s))
        for shape in shapes:
            cells = []
            for impl in group:
                r = paired.get((impl, base, shape))
                cells.append("1" if impl == base else "-" if not r or "ratio" not in r else
                             f"{r['ratio']:.2f} ({r.get('ratio_ci_low', 0):.2f}-{r.get('ratio_ci_high', 0):.2f})")
            rows.append([f"{base} throughput, paired, {_shape_text(shape)}, {shape[2]} B"] + cells)
        for bytes_ in (8, 64, 512, 4096):
            shape = (1, 1, bytes_)
            vals = {impl: v for (w, impl, p), v in tp.items() if w == "throughput" and _shape(p) == shape}
            if base not in vals:
                continue
            rows.append([f"{base} throughput, {bytes_} B"]
                        + [f"{vals[i] / vals[base]:.2f}" if i in vals else "-" for i in group])
        lat = {impl: v for (w, impl, _), v in one_way.items() if w == "pingpong"}
        if base in lat:
            rows.append([f"{base} one-way latency"] + [f"{lat[i] / lat[base]:.2f}" if i in lat else "-" for i in group])
    if not rows:
        return None
    note = ("<p class='note'>Each value is relative to the 64-byte layout of the same queue, measured in the same "
            "run: above 1 is more throughput (or more latency). Packed puts both indices on one line "
            "(false sharing); 128 keeps them off one adjacent-line prefetch pair. The paired rows are the "
            "median ratio of alternating slices with its 95% confidence interval (see the paired comparisons); "
            "the others divide two separately measured medians and carry the machine's drift between them.</p>")
    return _table(["measure", "packed", "64", "128"], rows) + note


def _latency_section(bench):
    """One row per round-trip benchmark: the median over repetitions when repeated."""
    cols = {k: _metric(bench, k) for k in ("rtt_p50_ns", "rtt_p99_ns", "rtt_p999_ns", "one_way_ns", "pinned")}
    rows = []
    for key in sorted(cols["rtt_p50_ns"], key=lambda k: (k[0] != FLOOR[0], k)):
        cell = {k: cols[k].get(key) for k in cols}
        pinned = cell["pinned"]
        rows.append([f"{key[0]}/{key[1]}"] + [f"{cell[k]:.0f}" if cell[k] is not None else "-"
                                              for k in ("rtt_p50_ns", "rtt_p99_ns", "rtt_p999_ns", "one_way_ns")]
                    + ["-" if pinned is None else "yes" if pinned >= 1 else "no"])
    if not rows:
        return None
    return _table(["round trip", "p50 ns", "p99 ns", "p99.9 ns", "one-way ns", "pinned"], rows) + (
        "<p class='note'>cacheline-pingpong/one-atomic is one atomic word bouncing between two threads: the "
        "physical floor any hand-off pays. Every round trip runs its two threads on the same two CPUs when "
        "the machine has them (pinned). Each sample includes two clock reads.</p>")


def _cache_section(bench):
    misses = _metric(bench, "cache_misses_per_item")
    if not misses:
        return ("<p class='note'>Cache misses per item: <b>unavailable</b> (perf_event_open is not permitted "
                "or not supported on this machine; see the run's cache_misses context field).</p>")
    rows = [[f"{w}/{i}/" + "/".join(f"{k}:{v}" for k, v in p), f"{v:.3f}"] for (w, i, p), v in sorted(misses.items())]
    return _table(["benchmark", "cache misses per item"], rows)


def _size_section(tp):
    sizes = (8, 64, 512, 4096)
    impls = sorted({i for (w, i, p) in tp if w == "throughput"})
    rows = []
    for impl in impls:
        vals = {_shape(p)[2]: v for (w, i, p), v in tp.items() if w == "throughput" and i == impl and _shape(p)[:2] == (1, 1)}
        rows.append([impl] + [f"{vals[s] / 1e6:.2f}" if s in vals else "-" for s in sizes])
    return _table(["1x1 throughput (M items/s)"] + [f"{s} B" for s in sizes], rows) if rows else None


def _paired_section(paired):
    rows = []
    for (ours, peer, shape), r in sorted(paired.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2][0] + kv[0][2][1])):
        if "ratio" not in r:
            continue
        rows.append([f"{ours} vs {peer}", _shape_text(shape), f"{r['ratio']:.2f}",
                     f"{r.get('ratio_ci_low', 0):.2f}-{r.get('ratio_ci_high', 0):.2f}",
                     f"{r.get('a_items_per_second', 0) / 1e6:.1f}", f"{r.get('b_items_per_second', 0) / 1e6:.1f}",
                     f"{int(r.get('pairs', 0))}", "yes" if r.get("pinned", 0) >= 1 else "no"])
    if not rows:
        return None
    return _table(["comparison", "shape", "ratio", "95% CI", "first M/s", "second M/s", "pairs", "pinned"], rows) + (
        "<p class='note'>Each pair is two short slices (32k items) on the same threads, one per queue, in "
        "alternating order; the ratio is the first over the second, the median of the pairs, with a distribution-free "
        "95% confidence interval. Slices a millisecond apart share the host's conditions, so the ratio holds "
        "where separately measured throughputs swing 3-5x (bench/queue/paired.hpp).</p>")


def _paired_latency_section(bench):
    rows = [[ring, f"{r['ratio']:.2f}", f"{r['ratio_ci_low']:.2f}-{r['ratio_ci_high']:.2f}",
             f"{r.get('one_way_ns', 0):.0f}", f"{r.get('floor_one_way_ns', 0):.0f}", f"{int(r.get('pairs', 0))}",
             "yes" if r.get("pinned", 0) >= 1 else "no"]
            for ring, r in sorted(_paired_latency(bench).items()) if "ratio" in r]
    if not rows:
        return None
    return _table(["ring", "hand-off / floor", "95% CI", "one-way ns", "floor one-way ns", "pairs", "pinned"],
                  rows) + (
        "<p class='note'>Each pair is a burst of 1,000 round trips on one atomic word and a burst through the "
        "ring, by the same two pinned threads, the order alternating (bench/queue/paired_latency.hpp); the "
        "ratio of the two medians, then the median over pairs. Some runs measured the turn ring below 1 in "
        "the same bursts (its round trip crosses two lines, the floor's one word only one; why it can be "
        "faster is not established), so read the floor as the scale of a transfer, not a hard bound.</p>")


def sections(bench, verify):
    bench = bench_rows.rows_of(bench)
    tp = _throughput(bench)
    one_way = _metric(bench, "one_way_ns")
    out = []
    for title, body in (("Queue: paired comparisons (the throughput targets)", _paired_section(_paired(bench))),
                        ("Queue: throughput by element size", _size_section(tp)),
                        ("Queue: what padding buys (ratios to the 64-byte layout)", _padding_section(tp, one_way, _paired(bench))),
                        ("Queue: round-trip latency distribution", _latency_section(bench)),
                        ("Queue: hand-off against the floor, paired", _paired_latency_section(bench)),
                        ("Queue: cache misses", _cache_section(bench) if bench else None)):
        if body:
            out.append((title, body))
    return out
