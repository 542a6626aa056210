"""Report sections and targets of the checkpoint family.

The benchmark declares its targets in the run's context as ``gauntlet_targets``;
this plugin judges them and keeps no list of its own:
  - ``pause-at-most``: ours' ``metric`` (a writer pause, microseconds) at every
    ``pause`` size, met when the largest is <= ``bound_us``; the measured
    figure is the worst size's, and the claim gives the peer's ``peer_metric``
    at the largest size and ours over it;
  - ``bandwidth-ratio-at-least``: ours' bytes_per_second over the peer's (the
    durable-write floor, workload ``peer_workload``) at every size >=
    ``min_bytes``; the smallest ratio, met when >= ``bound``.
A target the run did not measure is "not measured" (measured None, met False).

sections(bench, verify): checkpoint time and bandwidth against the floor by
state size with the checksum's share, the writer's pause by size for each
snapshot method, and the crash checks (states explored, recovery failures per
implementation and check).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench_rows  # noqa: E402  (scripts/report/bench_rows.py: one parser for every plugin)
from plugin_html import esc, img, matplotlib as _plots, present, verify_table  # noqa: E402

OWN_WORKLOADS = ("checkpoint", "floor", "checksum", "pause")



def _fmt(v, digits=1):
    return "-" if v is None else f"{v:.{digits}f}"


def sizes(bench, workload, impl):
    out = set()
    for r in bench_rows.rows_of(bench):
        w, i, p, _ = bench_rows.parse(r)
        if w == workload and i == impl and "bytes" in p:
            out.add(int(p["bytes"]))
    return sorted(out)


def _value(bench, key, workload, impl, n):
    return bench_rows.value(bench_rows.rows_of(bench), key, workload, impl, {"bytes": str(n)})


_unmeasured = bench_rows.unjudged


def _pause_target(t, bench):
    metric, ours, peer = t.get("metric", "pause_p99_us"), t.get("ours"), t.get("peer")
    peer_metric = t.get("peer_metric", metric)
    ns = sizes(bench, "pause", ours)
    pts = [(n, _value(bench, metric, "pause", ours, n)) for n in ns]
    pts = [(n, v) for n, v in pts if v is not None]
    if not pts:
        return _unmeasured(t, "no pause rows for ours")
    n, worst = max(pts, key=lambda x: x[1])
    bound = float(t["bound_us"])
    top = max(ns)
    ours_top = _value(bench, metric, "pause", ours, top)
    peer_top = _value(bench, peer_metric, "pause", peer, top)
    note = ""
    if peer_top:
        note = (f"; at {top} bytes {peer} {peer_metric} {peer_top:.1f} us, ours {metric} / peer's "
                f"{ours_top / peer_top:.4f}")
    return {"claim": f"{t['claim']} (worst {worst:.2f} us at {n} bytes{note})",
            "measured": round(worst, 3), "goal": f"<= {bound:g} us", "met": worst <= bound}


def _bandwidth_target(t, bench):
    ours, peer, pw = t.get("ours"), t.get("peer"), t.get("peer_workload", "floor")
    lo = int(t.get("min_bytes", 0))
    ratios = []
    for n in sizes(bench, t.get("workload", "checkpoint"), ours):
        if n < lo:
            continue
        a = _value(bench, "bytes_per_second", t.get("workload", "checkpoint"), ours, n)
        b = _value(bench, "bytes_per_second", pw, peer, n)
        if a is not None and b:
            ratios.append((a / b, n))
    if not ratios:
        return _unmeasured(t, "no sizes measured for both")
    r, n = min(ratios)
    bound = float(t["bound"])
    return {"claim": f"{t['claim']} (smallest ratio at {n} bytes, over {len(ratios)} sizes)",
            "measured": round(r, 3), "goal": f">= {bound:g}", "met": r >= bound}


RULES = {"pause-at-most": _pause_target, "bandwidth-ratio-at-least": _bandwidth_target}


def targets(bench):
    return bench_rows.judge_declared(bench, "bench_checkpoint", "checkpoint", bench_rows.by_comparison(RULES, bench))


def _impls(bench, workload):
    return sorted({i for r in bench_rows.rows_of(bench) for (w, i, _, _) in [bench_rows.parse(r)] if w == workload})


def _plot(title, xlabel, ylabel, series):
    plots = _plots()
    if plots is None:
        return ""
    try:
        fig, ax = plots.plt.subplots(figsize=(7.5, 4.2))
        for label, pts in series:
            pts = [(x, y) for x, y in pts if y is not None]
            if pts:
                ax.plot([x for x, _ in pts], [y for _, y in pts], marker="o", label=label)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.legend(fontsize="small")
        return img(title, fig, plots)
    except Exception as e:  # noqa: BLE001
        return f"<pre class='note'>plot failed: {esc(e)}</pre>"


def durability_section(bench):
    ns = sizes(bench, "checkpoint", "crash-safe")
    if not ns:
        return None
    rows, ck, fl = [], [], []
    for n in ns:
        a = _value(bench, "bytes_per_second", "checkpoint", "crash-safe", n)
        b = _value(bench, "bytes_per_second", "floor", "durable-write", n)
        t = _value(bench, "real_time_ns", "checkpoint", "crash-safe", n)
        share = _value(bench, "checksum_share", "checkpoint", "crash-safe", n)
        ck.append((n, a and a / 1e6))
        fl.append((n, b and b / 1e6))
        rows.append(f"<tr><td class='num'>{n}</td><td class='num'>{_fmt(t and t / 1e6, 2)}</td>"
                    f"<td class='num'>{_fmt(a and a / 1e6, 0)}</td><td class='num'>{_fmt(b and b / 1e6, 0)}</td>"
                    f"<td class='num'>{_fmt(a / b if a and b else None, 2)}</td>"
                    f"<td class='num'>{_fmt(share and share * 100, 1)}</td></tr>")
    out = [_plot("checkpoint: durable bandwidth by state size", "state size (bytes)", "MB/s",
                 [("crash-safe checkpoint", ck), ("floor: write + fdatasync", fl)])]
    out.append("<table><tr><th>bytes</th><th>checkpoint (ms)</th><th>checkpoint MB/s</th><th>floor MB/s</th>"
               "<th>ratio</th><th>checksum share (%)</th></tr>" + "".join(rows) + "</table>"
               "<p class='note'>The floor is a new file written and fdatasynced in the same directory, measured in "
               "the same run; the checksum share is one XXH3 pass over the state over one checkpoint's time.</p>")
    return "".join(out)


def pause_section(bench):
    impls = _impls(bench, "pause")
    if not impls:
        return None
    # The p99 line only for the implementations a pause target judges by it: a lock's p99 counts the
    # writes it let through while the checkpointer waited for the lock (the bench's header says so).
    declared, _ = bench_rows.declared_targets(bench, "bench_checkpoint")
    p99_of = {t.get("ours") for t in declared or [] if t.get("comparison") == "pause-at-most"} or set(impls)
    series, rows = [], []
    for impl in impls:
        pts = []
        for n in sizes(bench, "pause", impl):
            v = {k: _value(bench, k, "pause", impl, n) for k in
                 ("pause_p50_us", "pause_p99_us", "pause_max_us", "snapshot_worst_median_us", "snapshot_us")}
            pts.append((n, v["snapshot_worst_median_us"]))
            rows.append(f"<tr><td>{esc(impl)}</td><td class='num'>{n}</td>" +
                        "".join(f"<td class='num'>{_fmt(v[k], 2)}</td>" for k in
                                ("pause_p50_us", "pause_p99_us", "pause_max_us", "snapshot_worst_median_us",
                                 "snapshot_us")) + "</tr>")
        series.append((f"{impl}: longest write per snapshot (median)", pts))
        if impl in p99_of:
            series.append((f"{impl}: p99 write during snapshots",
                           [(n, _value(bench, "pause_p99_us", "pause", impl, n)) for n in sizes(bench, "pause", impl)]))
    out = [_plot("checkpoint: the writer's pause by state size", "state size (bytes)", "microseconds", series)]
    out.append("<table><tr><th>snapshot</th><th>bytes</th><th>p50 (us)</th><th>p99 (us)</th><th>max (us)</th>"
               "<th>longest per snapshot, median (us)</th><th>snapshot (us)</th></tr>" + "".join(rows) + "</table>"
               "<p class='note'>A pause is one write that overlapped a snapshot, timed by the writer; the maximum "
               "includes the operating system's preemptions, and so does the longest write per snapshot once a "
               "snapshot overlaps many writes. A lock's p99 is no pause: while the checkpointer waits for the "
               "mutex the writer makes many unpaused writes; its longest write per snapshot is the pause it "
               "imposes.</p>")
    return "".join(out)


def crash_section(verify):
    rows = [v for v in verify or [] if str(v.get("check", "")).startswith(("crash-", "survives-"))]
    return verify_table(rows, (("states explored", lambda r: r.get("states_explored", r.get("iterations", ""))),
                               ("recovery failures", lambda r: r.get("recovery_failures", ""))))


def sections(bench, verify):
    return present((("Checkpoint: durable checkpoints against the write floor", durability_section(bench)),
                    ("Checkpoint: the writer's pause while snapshots are taken", pause_section(bench)),
                    ("Checkpoint: crash checks", crash_section(verify))))
