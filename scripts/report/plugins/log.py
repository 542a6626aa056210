"""Report plugin for the log family (bench/log/bench_log.cpp).

What is claimed comes from the benchmark: bench_log writes its targets into the
run's context as ``gauntlet_targets`` (a JSON array of records: claim,
workload, ours[, peer], metric, comparison, bound, ...). This plugin judges
them on the same run's rows and keeps no list of its own:
  - "lower by at least" on workload latency: peer's metric / ours' metric, at
    the declared message size and thread count (the run's highest when not
    measured there), >= bound;
  - "at most" on workload idle_cpu: ours' metric <= bound.
A figure missing from the run is "not measured" (measured None, met False).

sections(bench, verify): producer latency as percentiles (p50, p99, p99.9,
max) per implementation, plotted as a percentile curve per thread count, not a
mean; throughput against producers for each message size; idle consumer CPU;
and the accounting, order, drop-record, crash and shutdown rows of the
verifiers. Plots need Matplotlib; without it the tables still come.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench_rows  # noqa: E402  (scripts/report/bench_rows.py: one parser for every plugin)
from plugin_html import esc, img, matplotlib as _plots, present, verify_table  # noqa: E402

OWN_WORKLOADS = ("latency", "throughput", "idle_cpu")
REFERENCE = "ring-block"
PERCENTILES = (("p50", "p50_ns", 50.0), ("p99", "p99_ns", 99.0), ("p99.9", "p99_9_ns", 99.9), ("max", "max_ns", 100.0))



def _fmt(v, digits=0):
    return "-" if v is None else f"{v:.{digits}f}"


def _threads(rows, workload):
    return sorted({t for r in rows for (w, _, _, t) in [bench_rows.parse(r)] if w == workload})


def _impls(rows, workload):
    seen = []
    for r in rows:
        w, i, _, _ = bench_rows.parse(r)
        if w == workload and i not in seen:
            seen.append(i)
    return seen


def _param_values(rows, workload, key):
    return sorted({int(p[key]) for r in rows for (w, _, p, _) in [bench_rows.parse(r)] if w == workload and key in p})


def latency(rows, impl, metric, bytes_, threads):
    return bench_rows.value(rows, metric, "latency", impl, {"bytes": str(bytes_)}, threads=threads)


def _judge(t, rows):
    bound = float(t.get("bound", 0))
    claim = t.get("claim", "?")
    metric = t.get("metric")
    if t.get("workload") == "latency" and t.get("comparison") == "lower by at least":
        ts = _threads(rows, "latency")
        threads = t.get("threads") if t.get("threads") in ts else (ts[-1] if ts else None)
        ours = latency(rows, t.get("ours"), metric, t.get("bytes"), threads) if threads else None
        peer = latency(rows, t.get("peer"), metric, t.get("bytes"), threads) if threads else None
        ratio = peer / ours if ours and peer is not None else None
        return {"claim": f"{claim} ({threads if threads else '?'} threads, {t.get('bytes')} bytes)",
                "measured": None if ratio is None else round(ratio, 2),
                "goal": f">= {bound:g}x ({t.get('peer')} {metric} / {t.get('ours')} {metric})",
                "met": ratio is not None and ratio >= bound}
    if t.get("workload") == "idle_cpu" and t.get("comparison") == "at most":
        v = bench_rows.value(rows, metric, "idle_cpu", t.get("ours"))
        return {"claim": claim, "measured": None if v is None else round(v, 3), "goal": f"<= {bound:g} %",
                "met": v is not None and v <= bound}
    return {"claim": f"{claim} (not judged: no rule for {t.get('workload')!r} / {t.get('comparison')!r})",
            "measured": None, "goal": "", "met": False}


def targets(bench):
    rows = bench_rows.rows_of(bench)
    return bench_rows.judge_declared(bench, "bench_log", "log", lambda t: _judge(t, rows))


def _percentile_plot(title, curves):
    """curves: {impl: [(percentile, ns), ...]}: latency against percentile, log scale."""
    plots = _plots()
    if plots is None or not curves:
        return ""
    try:
        fig, ax = plots.plt.subplots(figsize=(8, 4))
        xs = [label for label, _, _ in PERCENTILES]
        for impl, pts in curves.items():
            style = "--" if impl in ("seed", "drop-oldest-uncounted") else "-"
            color = "black" if impl == REFERENCE else None
            ax.plot(list(range(len(pts))), [ns for _, ns in pts], style, marker="o", label=impl, color=color)
        ax.set_xticks(list(range(len(xs))))
        ax.set_xticklabels(xs)
        ax.set_yscale("log")
        ax.set_xlabel("percentile of producer calls")
        ax.set_ylabel("ns per log() call")
        ax.set_title(title)
        ax.legend(fontsize="small")
        return img(title, fig, plots)
    except Exception as e:  # noqa: BLE001
        return f"<pre class='note'>plot failed: {esc(e)}</pre>"


def _lines_plot(title, xlabel, ylabel, lines):
    plots = _plots()
    if plots is None or not lines:
        return ""
    try:
        fig, ax = plots.plt.subplots(figsize=(8, 4))
        for impl, pts in lines.items():
            style = "--" if impl in ("seed", "drop-oldest-uncounted") else "-"
            color = "black" if impl == REFERENCE else None
            ax.plot([x for x, _ in pts], [y for _, y in pts], style, marker="o", label=impl, color=color)
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.legend(fontsize="small")
        return img(title, fig, plots)
    except Exception as e:  # noqa: BLE001
        return f"<pre class='note'>plot failed: {esc(e)}</pre>"


def latency_section(rows):
    threads = _threads(rows, "latency")
    if not threads:
        return None
    out = []
    for b in _param_values(rows, "latency", "bytes"):
        for t in threads:
            curves, body = {}, []
            for i in _impls(rows, "latency"):
                vals = [latency(rows, i, key, b, t) for _, key, _ in PERCENTILES]
                if all(v is None for v in vals):
                    continue
                curves[i] = [(p, v) for (_, _, p), v in zip(PERCENTILES, vals) if v is not None]
                body.append(f"<tr><td>{esc(i)}</td>" + "".join(f"<td class='num'>{_fmt(v)}</td>" for v in vals) +
                            "</tr>")
            out.append(_percentile_plot(f"log: producer latency, {t} producers, {b} bytes", curves))
            head = "".join(f"<th>{label} ns</th>" for label, _, _ in PERCENTILES)
            out.append(f"<p class='note'>{t} producers, {b}-byte messages, bursts of 16 calls 20 us apart; every "
                       f"call timed.</p><table><tr><th>implementation</th>{head}</tr>{''.join(body)}</table>")
    return "".join(out)


def throughput_section(rows):
    threads = _threads(rows, "throughput")
    if not threads:
        return None
    out = []
    for b in _param_values(rows, "throughput", "bytes"):
        lines, body = {}, []
        for i in _impls(rows, "throughput"):
            pts = []
            for t in threads:
                v = bench_rows.value(rows, "items_per_second", "throughput", i, {"bytes": str(b)}, threads=t)
                if v:
                    pts.append((t, v))
            if not pts:
                continue
            lines[i] = pts
            frac = [bench_rows.value(rows, "delivered_fraction", "throughput", i, {"bytes": str(b)}, threads=t)
                    for t in threads]
            body.append(f"<tr><td>{esc(i)}</td>" + "".join(
                f"<td class='num'>{_fmt(v / 1e6 if v else None, 2)}</td>" for v in
                [bench_rows.value(rows, "items_per_second", "throughput", i, {"bytes": str(b)}, threads=t)
                 for t in threads]) + "".join(f"<td class='num'>{_fmt(f, 3)}</td>" for f in frac) + "</tr>")
        out.append(_lines_plot(f"log: throughput, {b}-byte messages", "producers", "entries per second", lines))
        head = "".join(f"<th>{t} prod: M/s</th>" for t in threads) + "".join(
            f"<th>{t} prod: delivered</th>" for t in threads)
        out.append(f"<table><tr><th>implementation</th>{head}</tr>{''.join(body)}</table>")
    return "".join(out)


def idle_section(rows):
    vals = [(i, bench_rows.value(rows, "idle_cpu_percent", "idle_cpu", i)) for i in _impls(rows, "idle_cpu")]
    vals = [(i, v) for i, v in vals if v is not None]
    if not vals:
        return None
    body = "".join(f"<tr><td>{esc(i)}</td><td class='num'>{_fmt(v, 3)}</td></tr>" for i, v in vals)
    return ("<p class='note'>Process CPU time over 1 s with nothing logged (the consumer naps for its first 5 ms), as a percentage of one core.</p>"
            f"<table><tr><th>implementation</th><th>idle CPU %</th></tr>{body}</table>")


CHECKS = ("accounting", "producer-order", "drop-records", "relacy-accounting", "crash-sigkill", "shutdown-sigterm",
          "shutdown-exit")


def check_section(verify):
    return verify_table([v for v in verify or [] if v.get("family") == "log" and v.get("check") in CHECKS])


def sections(bench, verify):
    rows = bench_rows.rows_of(bench)
    return present((("Log: producer latency percentiles", latency_section(rows)),
                    ("Log: throughput against producers", throughput_section(rows)),
                    ("Log: idle consumer CPU", idle_section(rows)),
                    ("Log: accounting, order, crash and shutdown", check_section(verify))))
