"""Report plugin for the metrics family (bench/metrics/bench_metrics.cpp).

What is claimed comes from the benchmark: bench_metrics writes its targets into
the run's context as ``gauntlet_targets`` (a JSON array of records: claim,
workload, ours[, peer], comparison, bound, ...). This plugin judges them on the
same run's rows and keeps no list of its own:
  - "at most" on workload increment: ours' ns per increment (per thread, cached
    handle) at the declared thread count (the run's highest when not measured
    there) <= bound;
  - "faster by at least": peer ns / ours ns at that thread count >= bound;
  - "at most" on workload scrape: ours' ns per scrape at the declared series count <= bound.
A figure missing from the run is "not measured" (measured None, met False).

sections(bench, verify): increment cost against threads (both modes, one plot
each), scrape cost against series, bytes per counter per thread, and the
verification rows of the exposition and linearizability checks. Plots need
Matplotlib; without it the tables still come.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench_rows  # noqa: E402  (scripts/report/bench_rows.py: one parser for every plugin)
from plugin_html import esc, img, matplotlib as _plots, present, verify_table  # noqa: E402

OWN_WORKLOADS = ("increment", "scrape", "memory")
REFERENCE = "atomic-series"






def increment_threads(rows):
    return sorted({t for r in rows for (w, _, _, t) in [bench_rows.parse(r)] if w == "increment"})


def increment_ns(rows, impl, mode, threads):
    """Per-thread ns per increment: the ns_per_increment counter, else real_time x threads."""
    v = bench_rows.value(rows, "ns_per_increment", "increment", impl, {"mode": mode}, threads=threads)
    if v is not None:
        return v
    rt = bench_rows.value(rows, "real_time_ns", "increment", impl, {"mode": mode}, threads=threads)
    return None if rt is None else rt * threads


def scrape_ns(rows, impl, series):
    v = bench_rows.value(rows, "ns_per_scrape", "scrape", impl, {"series": str(series)})
    if v is not None:
        return v
    return bench_rows.value(rows, "real_time_ns", "scrape", impl, {"series": str(series)})


def _at_threads(rows, t):
    """The declared thread count where measured, else the run's highest."""
    ts = increment_threads(rows)
    if not ts:
        return None
    want = t.get("threads")
    return want if want in ts else ts[-1]


def _judge(t, rows):
    bound = float(t.get("bound", 0))
    claim = t.get("claim", "?")
    if t.get("workload") == "increment":
        threads = _at_threads(rows, t)
        ours = increment_ns(rows, t.get("ours"), t.get("mode", "cached"), threads) if threads else None
        if t.get("comparison") == "at most":
            return {"claim": f"{claim} ({threads if threads else '?'} threads)", "measured": ours,
                    "goal": f"<= {bound:g} ns", "met": ours is not None and ours <= bound}
        if t.get("comparison") == "faster by at least":
            peer = increment_ns(rows, t.get("peer"), t.get("mode", "cached"), threads) if threads else None
            ratio = peer / ours if ours and peer is not None else None
            return {"claim": f"{claim} ({threads if threads else '?'} threads)", "measured": ratio,
                    "goal": f">= {bound:g}x ({t.get('peer')} ns / {t.get('ours')} ns)",
                    "met": ratio is not None and ratio >= bound}
    if t.get("workload") == "scrape" and t.get("comparison") == "at most":
        ns = scrape_ns(rows, t.get("ours"), t.get("series"))
        return {"claim": claim, "measured": ns, "goal": f"<= {bound:g} ns", "met": ns is not None and ns <= bound}
    return {"claim": f"{claim} (not judged: no rule for {t.get('workload')!r} / {t.get('comparison')!r})",
            "measured": None, "goal": "", "met": False}


def targets(bench):
    rows = bench_rows.rows_of(bench)
    return bench_rows.judge_declared(bench, "bench_metrics", "metrics", lambda t: _judge(t, rows))


def _fmt(v, digits=2):
    return "-" if v is None else f"{v:.{digits}f}"


def _impls(rows, workload):
    seen = []
    for r in rows:
        w, i, _, _ = bench_rows.parse(r)
        if w == workload and i not in seen:
            seen.append(i)
    return seen


def _plot(title, xlabel, ylabel, lines, logx=False):
    plots = _plots()
    if plots is None or not lines:
        return ""
    try:
        fig, ax = plots.plt.subplots(figsize=(8, 4))
        for impl, pts in lines.items():
            style = "--" if impl == "seed" else "-"
            color = "black" if impl == REFERENCE else None
            ax.plot([x for x, _ in pts], [y for _, y in pts], style, marker="o", label=impl, color=color)
        if logx:
            ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.legend()
        return img(title, fig, plots)
    except Exception as e:  # noqa: BLE001
        return f"<pre class='note'>plot failed: {esc(e)}</pre>"


def increment_section(rows):
    threads = increment_threads(rows)
    if not threads:
        return None
    out = []
    for mode in ("cached", "lookup"):
        impls = [i for i in _impls(rows, "increment") if any(increment_ns(rows, i, mode, t) for t in threads)]
        if not impls:
            continue
        lines = {i: [(t, increment_ns(rows, i, mode, t)) for t in threads if increment_ns(rows, i, mode, t)]
                 for i in impls}
        out.append(_plot(f"metrics: increment cost, {mode} handle", "threads", "ns per increment per thread",
                         lines))
        head = "".join(f"<th>{t} thr: ns</th><th>x {REFERENCE}</th>" for t in threads)
        body = []
        for i in impls:
            cells = []
            for t in threads:
                v, ref = increment_ns(rows, i, mode, t), increment_ns(rows, REFERENCE, mode, t)
                cells.append(f"<td class='num'>{_fmt(v)}</td><td class='num'>{_fmt(v / ref if v and ref else None)}"
                             f"</td>")
            body.append(f"<tr><td>{esc(i)}</td>{''.join(cells)}</tr>")
        out.append(f"<p class='note'>mode {mode}: {'one lookup, then the handle' if mode == 'cached' else 'a lookup by name and labels on every increment'}; "
                   f"every thread counts one shared series.</p><table><tr><th>implementation</th>{head}</tr>"
                   f"{''.join(body)}</table>")
    return "".join(out)


def scrape_section(rows):
    series = sorted({int(p["series"]) for r in rows for (w, _, p, _) in [bench_rows.parse(r)]
                     if w == "scrape" and "series" in p})
    if not series:
        return None
    impls = _impls(rows, "scrape")
    lines = {i: [(s, scrape_ns(rows, i, s) / 1e3) for s in series if scrape_ns(rows, i, s)] for i in impls}
    head = "".join(f"<th>{s} series: us</th>" for s in series)
    body = "".join(f"<tr><td>{esc(i)}</td>" + "".join(
        f"<td class='num'>{_fmt(scrape_ns(rows, i, s) / 1e3 if scrape_ns(rows, i, s) else None, 1)}</td>"
        for s in series) + "</tr>" for i in impls)
    return (_plot("metrics: scrape cost", "series", "us per scrape", lines, logx=True) +
            f"<table><tr><th>implementation</th>{head}</tr>{body}</table>")


def memory_section(rows):
    found = {}
    for key in ("bytes_per_counter_per_thread", "bytes_per_series"):
        for (w, i, params, _), v in bench_rows.table(rows, key).items():
            if w == "memory":
                found.setdefault((i, int(dict(params).get("writers", 0))), {})[key] = v
    if not found:
        return None
    body = "".join(f"<tr><td>{esc(i)}</td><td class='num'>{w}</td><td class='num'>"
                   f"{_fmt(v.get('bytes_per_counter_per_thread'), 1)}</td><td class='num'>"
                   f"{_fmt(v.get('bytes_per_series'), 1)}</td></tr>" for (i, w), v in sorted(found.items()))
    return ("<p class='note'>Heap in use (mallinfo2) after W threads each counted 1,000 series, against before "
            "they counted; and what the 1,000 lookups allocated.</p><table><tr><th>implementation</th>"
            "<th>writers</th><th>bytes per counter per thread</th><th>bytes per series</th></tr>" + body + "</table>")


CHECKS = ("series-identity", "lincheck-counter", "exposition-promtool", "help-escaping")


def check_section(verify):
    return verify_table([v for v in verify or [] if v.get("check") in CHECKS])


def sections(bench, verify):
    rows = bench_rows.rows_of(bench)
    return present((("Metrics: increment cost against threads", increment_section(rows)),
                    ("Metrics: scrape cost against series", scrape_section(rows)),
                    ("Metrics: bytes per counter per thread", memory_section(rows)),
                    ("Metrics: series identity, exposition and linearizability", check_section(verify))))
