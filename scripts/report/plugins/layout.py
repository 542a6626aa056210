"""Report plugin for the cache-line layout family (bench/layout/bench_layout.cpp).

targets(bench) -> [{"claim", "measured", "goal", "met"}], all ratios measured in one run:
  - sharded and padded-128 counters cost at most 1.10x what thread-private's do per
    increment, at the highest thread count of the run (time ratio <= 1.10);
  - packed counters' cost per increment at that thread count, as k times the
    transfer floor (the median over CPU pairs of the CAS ping-pong's one-way time,
    half its median round trip less one clock read): reported, no goal;
  - the measured destructive-interference distance: the smallest distance D of the
    two-writer sweep from which on every cost is within 1.25x of the far-apart cost
    (the largest distance measured, 4096): reported, no goal (64 or 128 expected).
A figure missing from the run is "not measured" (measured None, met False).

sections(bench, verify): each layout's cost by thread count (ns, x thread-private,
x floor), the interference curve (cost against distance, 64 and 128 marked), the
floor (a heat map of median round trips where there are more than 2 CPUs, else the
one pair's figures) and the layout check's verdicts. Plots need Matplotlib; without
it the tables still come.
"""
import html
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from plugin_html import matplotlib as _plots  # noqa: E402
import bench_rows  # noqa: E402  (scripts/report/bench_rows.py: one parser for every plugin)

OWN_WORKLOADS = ("floor", "interference")
REFERENCE = "thread-private"
GOAL_RATIO = 1.10
NEAR_FAR = 1.25  # "near the far-apart cost"
LAYOUTS = ("seed", "packed", "padded-64", "padded-128", "hot-cold", "sharded", "thread-private")


def esc(x):
    return html.escape(str(x), quote=True)


def _increment_threads(bench):
    ts = sorted({t for r in bench for (w, _, _, t) in [bench_rows.parse(r)] if w == "increment"})
    return ts


def _per_thread_ns(bench, counter, workload, impl, params, threads=None):
    """A benchmark's per-thread time per operation: its `counter` (each thread's own
    clock, averaged), else real_time x threads (Google Benchmark's real_time of a
    threaded run is the wall time over every thread's iterations together)."""
    v = bench_rows.value(bench, counter, workload, impl, params, threads=threads)
    if v is not None:
        return v
    rt = bench_rows.value(bench, "real_time_ns", workload, impl, params, threads=threads)
    if rt is None:
        return None
    if threads is None:
        ts = [t for r in bench for (w, i, p, t) in [bench_rows.parse(r)] if w == workload and i == impl and p == params]
        threads = ts[0] if ts else 1
    return rt * threads


def increment_ns(bench, impl, threads):
    return _per_thread_ns(bench, "ns_per_increment", "increment", impl, {}, threads)


def floor_pairs(bench):
    """{(cpu_a, cpu_b): {"rt_median_ns", "rt_p99_ns", "one_way_ns"}} of the ping-pong rows."""
    out = {}
    for key in ("rt_median_ns", "rt_p99_ns", "one_way_ns"):
        for (w, i, params, _), v in bench_rows.table(bench, key).items():
            if w != "floor":
                continue
            p = dict(params)
            if "cpu_a" in p and "cpu_b" in p:
                out.setdefault((int(p["cpu_a"]), int(p["cpu_b"])), {})[key] = v
    return out


def floor_one_way_ns(bench):
    """The median over CPU pairs of the one-way transfer time; None without ping-pong rows."""
    vals = sorted(v["one_way_ns"] for v in floor_pairs(bench).values() if "one_way_ns" in v)
    if not vals:
        return None
    mid = len(vals) // 2
    return vals[mid] if len(vals) % 2 else (vals[mid - 1] + vals[mid]) / 2


def interference_curve(bench):
    """[(distance, ns per write)], by distance."""
    pts = {}
    for r in bench:
        w, _, p, _ = bench_rows.parse(r)
        if w == "interference" and "distance" in p:
            d = int(p["distance"])
            if d not in pts:
                v = _per_thread_ns(bench, "ns_per_write", "interference", "two-writers", {"distance": p["distance"]})
                if v is not None:
                    pts[d] = v
    return sorted(pts.items())


def interference_distance(curve, near=NEAR_FAR):
    """The smallest distance from which on every cost is within `near` times the
    farthest distance's cost; None with fewer than two points."""
    if len(curve) < 2:
        return None
    far = curve[-1][1]
    found = None
    for d, v in reversed(curve):
        if v <= near * far:
            found = d
        else:
            break
    return found


def _ratio_target(bench, impl, threads):
    ours = increment_ns(bench, impl, threads) if threads else None
    ref = increment_ns(bench, REFERENCE, threads) if threads else None
    measured = ours / ref if ours is not None and ref else None
    return {
        "claim": f"{impl} counters within {GOAL_RATIO:.2f}x of thread-private per increment at the highest thread "
                 f"count ({threads if threads else '?'} threads)",
        "measured": measured,
        "goal": f"<= {GOAL_RATIO:.2f} (time ratio {impl} / {REFERENCE})",
        "met": measured is not None and measured <= GOAL_RATIO,
    }


def targets(bench):
    threads = _increment_threads(bench)
    top = threads[-1] if threads else None
    out = [_ratio_target(bench, "sharded", top), _ratio_target(bench, "padded-128", top)]
    packed = increment_ns(bench, "packed", top) if top else None
    floor = floor_one_way_ns(bench)
    k = packed / floor if packed is not None and floor else None
    out.append({"claim": f"packed counters' cost per increment at {top if top else '?'} threads, as k times the "
                         "cache-line transfer floor (one-way)",
                "measured": k, "goal": "reported: k = packed ns / floor one-way ns (no goal)", "met": k is not None})
    dist = interference_distance(interference_curve(bench))
    out.append({"claim": "destructive-interference distance: the smallest writer distance (bytes) from which the "
                         f"cost stays within {NEAR_FAR}x of the far-apart cost",
                "measured": dist, "goal": "reported (64 or 128 expected; no goal)", "met": dist is not None})
    return out


def _fmt(v, digits=1):
    return "-" if v is None else f"{v:.{digits}f}"


def cost_table(bench):
    threads = _increment_threads(bench)
    if not threads:
        return None
    floor = floor_one_way_ns(bench)
    impls = [i for i in LAYOUTS if any(increment_ns(bench, i, t) is not None for t in threads)]
    head = "".join(f"<th>{t} thr: ns</th><th>x {REFERENCE}</th><th>x floor</th>" for t in threads)
    rows = []
    for impl in impls:
        cells = []
        for t in threads:
            v, ref = increment_ns(bench, impl, t), increment_ns(bench, REFERENCE, t)
            cells.append(f"<td class='num'>{_fmt(v, 2)}</td><td class='num'>{_fmt(v / ref if v and ref else None, 2)}"
                         f"</td><td class='num'>{_fmt(v / floor if v and floor else None, 2)}</td>")
        rows.append(f"<tr><td>{esc(impl)}</td>{''.join(cells)}</tr>")
    note = (f"<p class='note'>Time per increment per thread. Floor: one-way cache-line transfer, "
            f"{_fmt(floor)} ns (median over CPU pairs of half the CAS ping-pong's median round trip, less the "
            f"one clock read each sample includes).</p>")
    return f"{note}<table><tr><th>layout</th>{head}</tr>{''.join(rows)}</table>"


def interference_section(bench):
    curve = interference_curve(bench)
    if not curve:
        return None
    dist = interference_distance(curve)
    out = [f"<p class='note'>Two pinned writers, each adding to its own word, the words D bytes apart. Measured "
           f"interference distance: {esc(dist if dist is not None else 'not measured')} bytes (cost within "
           f"{NEAR_FAR}x of the far-apart cost from there on).</p>"]
    plots = _plots()
    if plots is not None:
        try:
            fig, ax = plots.plt.subplots(figsize=(8, 4))
            xs = [d for d, _ in curve if d <= 256]
            ax.plot(xs, [v for d, v in curve if d <= 256], marker="o", label="ns per write")
            ax.axhline(curve[-1][1], color="grey", linestyle=":", label=f"far apart ({curve[-1][0]} B)")
            for x, c in ((64, "tab:red"), (128, "tab:purple")):
                ax.axvline(x, color=c, linestyle="--", label=f"{x} B")
            ax.set_xlabel("distance between the writers' words (bytes)")
            ax.set_ylabel("ns per write")
            ax.set_title("layout: destructive interference")
            ax.legend()
            out.append(f"<img class='plot' alt='interference curve' src='data:image/png;base64,"
                       f"{plots.png_base64(fig)}'>")
        except Exception as e:  # noqa: BLE001
            out.append(f"<pre class='note'>plot failed: {esc(e)}</pre>")
    out.append("<table><tr><th>distance (B)</th><th>ns per write</th></tr>" +
               "".join(f"<tr><td class='num'>{d}</td><td class='num'>{_fmt(v, 2)}</td></tr>" for d, v in curve) +
               "</table>")
    return "".join(out)


def floor_section(bench):
    pairs = floor_pairs(bench)
    if not pairs:
        return None
    out = []
    if len(pairs) == 1:
        (a, b), v = next(iter(pairs.items()))
        out.append(f"<p class='note'>One CPU pair on this machine: CPUs {a} and {b}.</p>"
                   f"<table><tr><th>round trip median (ns)</th><th>round trip p99 (ns)</th><th>one way (ns)</th></tr>"
                   f"<tr><td class='num'>{_fmt(v.get('rt_median_ns'))}</td><td class='num'>"
                   f"{_fmt(v.get('rt_p99_ns'))}</td><td class='num'>{_fmt(v.get('one_way_ns'))}</td></tr></table>")
        return "".join(out)
    cpus = sorted({c for p in pairs for c in p})
    plots = _plots()
    if plots is not None:
        try:
            idx = {c: n for n, c in enumerate(cpus)}
            grid = [[float("nan")] * len(cpus) for _ in cpus]
            for (a, b), v in pairs.items():
                m = v.get("rt_median_ns")
                if m is not None:
                    grid[idx[a]][idx[b]] = grid[idx[b]][idx[a]] = m
            fig, ax = plots.plt.subplots(figsize=(7, 6))
            im = ax.imshow(grid, cmap="viridis")
            ax.set_xticks(range(len(cpus)), [str(c) for c in cpus])
            ax.set_yticks(range(len(cpus)), [str(c) for c in cpus])
            ax.set_xlabel("CPU")
            ax.set_ylabel("CPU")
            ax.set_title("layout: CAS round trip median (ns)")
            fig.colorbar(im, ax=ax)
            out.append(f"<img class='plot' alt='floor matrix' src='data:image/png;base64,{plots.png_base64(fig)}'>")
        except Exception as e:  # noqa: BLE001
            out.append(f"<pre class='note'>plot failed: {esc(e)}</pre>")
    out.append("<table><tr><th>CPU pair</th><th>round trip median (ns)</th><th>p99 (ns)</th><th>one way (ns)</th></tr>" +
               "".join(f"<tr><td>{a}-{b}</td><td class='num'>{_fmt(v.get('rt_median_ns'))}</td><td class='num'>"
                       f"{_fmt(v.get('rt_p99_ns'))}</td><td class='num'>{_fmt(v.get('one_way_ns'))}</td></tr>"
                       for (a, b), v in sorted(pairs.items())) + "</table>")
    return "".join(out)


def check_section(verify):
    rows = [v for v in verify or [] if v.get("check") in ("layout-check", "layout-placement")]
    if not rows:
        return None
    body = "".join(f"<tr><td>{esc(r.get('name'))}</td><td>{esc(r.get('kind'))}</td><td>{esc(r.get('check'))}</td>"
                   f"<td class='{esc(r.get('outcome'))}'>{esc(r.get('outcome'))}</td><td>{esc(r.get('message', ''))}"
                   f"</td></tr>" for r in rows)
    return ("<table><tr><th>implementation</th><th>kind</th><th>check</th><th>outcome</th><th>first finding</th></tr>"
            f"{body}</table>")


def sections(bench, verify):
    out = []
    for title, body in (("Layout: cost per increment (x thread-private, x the transfer floor)", cost_table(bench)),
                        ("Layout: destructive-interference distance", interference_section(bench)),
                        ("Layout: cache-line transfer floor", floor_section(bench)),
                        ("Layout: the layout check's verdicts", check_section(verify))):
        if body:
            out.append((title, body))
    return out
