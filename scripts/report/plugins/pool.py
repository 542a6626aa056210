"""Report plugin for the pool family: implementations, targets, ns/op, RSS.

Rows come from several binaries (bench_pool, bench_pool_jemalloc, ...), merged
by the loader into the one family. Names: <workload>/<impl>/threads:N, with
counters ns_per_op_median, ns_per_op_p99; and rss-churn/<impl>, rss-xfree/<impl>
(each workload rerun in a process of its own) with peak_rss_delta, idle_rss_delta.

targets(bench) returns [{"claim", "measured", "goal", "met"}], each a ratio
measured in the same run:
  - magazine churn ns/op (median, 1 thread) <= 0.5 x mimalloc's;
  - magazine cross-thread free ns/op (median, 2 threads) <= 1.0 x mimalloc's;
  - magazine idle RSS (rss-churn: churn at 1 thread, a process of its own)
    <= 1.2 x jemalloc's.
A pair missing from the run is measured None and not met.
sections(bench, verify) returns [(title, html)]: the ns/op table by workload
and thread count, and an RSS table with text bars. Standard library only.
"""
import html
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench_rows  # noqa: E402

OWN_WORKLOADS = ("churn", "xfree", "prodcons")
OURS = "magazine"


def _value(bench, key, workload, impl, threads):
    return bench_rows.value(bench, key, workload, impl, params={}, threads=threads)


def _ratio(bench, key, workload, threads, peer, goal, claim):
    ours = _value(bench, key, workload, OURS, threads)
    ref = _value(bench, key, workload, peer, threads)
    measured = ours / ref if ours is not None and ref else None
    return {"claim": claim, "measured": measured, "goal": f"<= {goal} ({OURS} / {peer}, {key}, {workload}, "
                                                          f"{threads} thread{'s' if threads > 1 else ''})",
            "met": measured is not None and measured <= goal}


def targets(bench):
    return [
        _ratio(bench, "ns_per_op_median", "churn", 1, "mimalloc", 0.5,
               "magazine pool at most half mimalloc's ns/op on same-thread churn"),
        _ratio(bench, "ns_per_op_median", "xfree", 2, "mimalloc", 1.0,
               "magazine pool at most mimalloc's ns/op on cross-thread free"),
        _ratio(bench, "idle_rss_delta", "rss-churn", 1, "jemalloc", 1.2,
               "magazine pool's RSS after idle within 1.2x of jemalloc's"),
    ]


def _grid(bench):
    """{(workload, impl, threads): row-values} for the family's own workloads."""
    out = {}
    for r in bench:
        w, i, _, t = bench_rows.parse(r)
        if w in OWN_WORKLOADS:
            out[(w, i, t)] = True
    return sorted(out)


def implementations(bench):
    seen = []
    for _, impl, _ in _grid(bench):
        if impl not in seen:
            seen.append(impl)
    return seen


def _table(header, rows):
    out = ["<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>"]
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>")
    return "".join(out) + "</table>"


def ns_table(bench):
    rows = []
    for w, i, t in _grid(bench):
        rows.append([w, i, t, _fmt(_value(bench, "ns_per_op_median", w, i, t)),
                     _fmt(_value(bench, "ns_per_op_p99", w, i, t))])
    return _table(["workload", "implementation", "threads", "ns/op median", "ns/op p99"], rows)


RSS_WORKLOADS = (("rss-churn", "churn, 1 thread"), ("rss-xfree", "cross-thread free, 2 threads"))


def rss_bars(bench, width=40):
    lines = []
    for workload, what in RSS_WORKLOADS:
        vals = {i: (_value(bench, "peak_rss_delta", workload, i, 1),
                    _value(bench, "idle_rss_delta", workload, i, 1)) for i in implementations(bench)}
        top = max([v for pair in vals.values() for v in pair if v is not None] + [1.0])
        lines.append(f"RSS over the start ({what}, a process of its own): peak #, after idle =")
        for i, (peak, idle) in vals.items():
            for label, v, ch in (("peak", peak, "#"), ("idle", idle, "=")):
                n = 0 if v is None else int(round(width * max(v, 0.0) / top))
                lines.append(f"{i:>14} {label} {ch * n} {_fmt(None if v is None else v / 1024.0)} KiB")
        lines.append("")
    return "<pre>" + html.escape("\n".join(lines)) + "</pre>"


def _fmt(v):
    return "n/a" if v is None else f"{v:.1f}"


def sections(bench, verify):
    rows = []
    for t in targets(bench):
        m = "not measured" if t["measured"] is None else f"{t['measured']:.2f}"
        rows.append([t["claim"], m, t["goal"], "met" if t["met"] else "not met"])
    target_md = _table(["claim", "measured", "goal", ""], rows)
    return [
        ("Pool: implementations", html.escape(", ".join(implementations(bench)) or "no benchmark rows")),
        ("Pool: targets", target_md),
        ("Pool: ns per op by workload and thread count", ns_table(bench)),
        ("Pool: RSS", rss_bars(bench)),
    ]
