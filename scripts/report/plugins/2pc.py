"""Report plugin for the 2pc family (two-phase commit), presumed-abort being the reference.

targets(bench): the family's claims, from bench_2pc's Google Benchmark result objects
(transfer/<variant>/participants:N/hot:H/log:L[/threads:T]), at one thread:
  - presumed abort forces 2N+1 log writes per transaction (N prepares, N commits, one
    decision): the syncs_per_txn counter;
  - cooperative termination costs nothing while nothing fails: its committed
    transactions per second over presumed-abort's, goal >= 0.8 (noise allowance);
  - the replicated coordinator's price, commit latency p50 over presumed-abort's, goal <= 2;
  - the price of a forced log write: commit latency p50 with a real fdatasync over the
    same with the sync modelled (costing nothing), goal >= 10, i.e. the disk dominates.
sections(bench, verify): which check caught each known-bad variant after how many seeds;
how long yes votes stayed blocked per variant (the `blocked` rows' distributions, with a
histogram when Matplotlib is there); transactions/s and commit latency by participants and
by contention, as ratios to presumed-abort; modelled against real forced writes side by side.
A missing benchmark gives measured None and met False, never a silent omission.
"""
import html
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench_rows  # noqa: E402  (scripts/report/bench_rows.py: one parser for every plugin)

REFERENCE = "presumed-abort"


def _value(bench, impl, key, params, threads=1):
    """`key` of transfer/IMPL/PARAMS at THREADS: the median when repeated, else the mean; None if absent."""
    return bench_rows.value(bench, key, "transfer", impl, params, threads)


def _shape(n, hot=0, log="modelled"):
    return {"participants": str(n), "hot": str(hot), "log": log}


def _ratio(a, b):
    return a / b if a is not None and b else None


def targets(bench):
    out = []
    for n in (2, 4, 8):
        syncs = _value(bench, REFERENCE, "syncs_per_txn", _shape(n))
        out.append({
            "claim": f"presumed abort forces 2N+1 log writes per transaction (N = {n})",
            "measured": syncs,
            "goal": f"== {2 * n + 1}",
            "met": syncs is not None and abs(syncs - (2 * n + 1)) < 0.01,
        })
    coop = _ratio(_value(bench, "cooperative-termination", "items_per_second", _shape(4)),
                  _value(bench, REFERENCE, "items_per_second", _shape(4)))
    out.append({
        "claim": "cooperative termination costs nothing without failures (transactions/s vs presumed-abort, 4 participants)",
        "measured": coop,
        "goal": ">= 0.8",
        "met": coop is not None and coop >= 0.8,
    })
    repl = _ratio(_value(bench, "replicated-coordinator", "commit_p50_us", _shape(4)),
                  _value(bench, REFERENCE, "commit_p50_us", _shape(4)))
    out.append({
        "claim": "a replicated (Raft) decision log stays within 2x presumed-abort's commit latency p50 (sync modelled)",
        "measured": repl,
        "goal": "<= 2",
        "met": repl is not None and repl <= 2.0,
    })
    forced = _ratio(_value(bench, REFERENCE, "commit_p50_us", _shape(4, log="fsync")),
                    _value(bench, REFERENCE, "commit_p50_us", _shape(4)))
    out.append({
        "claim": "a real forced write (fdatasync) dominates commit latency: p50 fsync / p50 modelled, 4 participants",
        "measured": forced,
        "goal": ">= 10",
        "met": forced is not None and forced >= 10.0,
    })
    return out


def _caught_table(rows):
    esc = html.escape
    out = ["<table><tr><th>variant</th><th>check</th><th>outcome</th><th>seeds until caught</th>"
           "<th>nemesis of that seed</th><th>first failure</th></tr>"]
    for r in rows:
        if r.get("kind") != "known-bad" or r.get("outcome") not in ("caught", "missed"):
            continue
        out.append(
            f"<tr><td>{esc(str(r.get('name')))}</td><td>{esc(str(r.get('check')))}</td>"
            f"<td class='{esc(str(r.get('outcome')))}'>{esc(str(r.get('outcome')))}</td>"
            f"<td class='num'>{esc(str(r.get('seeds_to_catch', r.get('iterations'))))}</td>"
            f"<td>{esc(str(r.get('nemesis', '')))}</td><td>{esc(str(r.get('message', '')))}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


def _histogram_png(blocked):
    """One line per variant over power-of-two millisecond buckets; None without Matplotlib."""
    try:
        from plots import plt, png_base64  # the report's Matplotlib (Agg) and PNG encoder
    except ImportError:
        return None
    fig, ax = plt.subplots(figsize=(8, 3.6))
    for name, dist in blocked:
        counts = dist.get("histogram_pow2_ms") or []
        total = sum(counts) or 1
        ax.step(range(len(counts)), [c / total for c in counts], where="mid", label=name)
    ax.set_xticks(range(16))
    ax.set_xticklabels(["<1"] + [f"<{2 ** i}" for i in range(1, 15)] + [">=16384"], fontsize=7)
    ax.set_xlabel("time a yes vote waited for its decision (ms, virtual)")
    ax.set_ylabel("fraction of yes votes")
    ax.set_yscale("log")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return png_base64(fig)


def _blocking_section(rows):
    esc = html.escape
    blocked = [(r.get("name"), r.get("blocked_ms") or {}, r) for r in rows if r.get("check") == "blocked"]
    if not blocked:
        return None
    out = ["<table><tr><th>variant</th><th>kind</th><th>seeds</th><th>crashes</th><th>yes votes</th>"
           "<th>blocked p50 / p90 / p99 / max (ms)</th><th>in doubt after healing</th></tr>"]
    for name, d, r in blocked:
        quart = " / ".join(f"{float(d.get(q, 0)):.1f}" for q in ("p50", "p90", "p99", "max"))
        out.append(
            f"<tr><td>{esc(str(name))}</td><td>{esc(str(r.get('kind')))}</td><td class='num'>{r.get('runs', '')}</td>"
            f"<td class='num'>{r.get('crashes', '')}</td><td class='num'>{d.get('n', '')}</td>"
            f"<td class='num'>{quart}</td><td class='num'>{r.get('in_doubt_after_heal', '')}</td></tr>")
    out.append("</table>")
    # The plot keeps to the correct variants and the seed; the mutants' lines would only crowd it.
    png = _histogram_png([(n, d) for n, d, r in blocked if r.get("kind") != "known-bad" or n == "seed"])
    if png:
        out.append(f"<img class='plot' src='data:image/png;base64,{png}' alt='blocking-time histograms'>")
    out.append("<p class='note'>Virtual time in the simulator, from a participant's yes vote to its decision; a vote "
               "still in doubt at the end counts up to the end of the run. Known-bad variants stop early once "
               "caught, so their figures cover fewer seeds.</p>")
    return "\n".join(out)


def _sweep(bench, impl, key, axis):
    """[(x, value)] at one thread along `axis`: participants (uniform, modelled) or hot (4 participants)."""
    points = []
    for r in bench:
        w, i, p, t = bench_rows.parse(r)
        if w != "transfer" or i != impl or t != 1 or p.get("log") != "modelled":
            continue
        if axis == "participants" and p.get("hot") == "0":
            x = int(p["participants"])
        elif axis == "hot" and p.get("participants") == "4":
            x = int(p["hot"]) or 1024  # hot:0 draws from all 1024 accounts
        else:
            continue
        v = _value(bench, impl, key, p)
        if v is not None and (x, v) not in points:
            points.append((x, v))
    return sorted(points)


def _scaling_png(bench, variants):
    """Transactions/s and commit latency along participants and contention; None without Matplotlib."""
    try:
        from plots import plt, png_base64  # the report's Matplotlib (Agg) and PNG encoder
    except ImportError:
        return None
    fig, axes = plt.subplots(2, 2, figsize=(10, 6.4))
    for col, (axis, label) in enumerate((("participants", "participants per transaction"),
                                         ("hot", "hot accounts per participant (fewer: hotter)"))):
        for v in variants:
            tput = _sweep(bench, v, "items_per_second", axis)
            p50 = _sweep(bench, v, "commit_p50_us", axis)
            p99 = _sweep(bench, v, "commit_p99_us", axis)
            if tput:
                axes[0][col].plot(*zip(*tput), marker="o", label=v)
            if p50:
                line, = axes[1][col].plot(*zip(*p50), marker="o", label=f"{v} p50")
                if p99:
                    axes[1][col].plot(*zip(*p99), marker="x", linestyle="--", color=line.get_color(), label=f"{v} p99")
        axes[0][col].set_ylabel("committed transactions / s")
        axes[1][col].set_ylabel("commit latency (us)")
        axes[1][col].set_xlabel(label)
        if axis == "hot":
            for row in axes:
                row[col].set_xscale("log", base=2)
    axes[0][0].legend(fontsize=7)
    axes[1][0].legend(fontsize=6)
    fig.tight_layout()
    return png_base64(fig)


def _scaling_section(bench):
    esc = html.escape
    variants = sorted({bench_rows.parse(r)[1] for r in bench if r.get("name", "").startswith("transfer/")})
    if not variants:
        return None
    out = ["<table><tr><th>variant</th><th>shape</th><th>transactions/s</th><th>vs presumed-abort</th>"
           "<th>commit p50 / p99 (us)</th><th>abort ratio</th></tr>"]
    shapes = [_shape(n) for n in (2, 4, 8)] + [_shape(4, hot) for hot in (64, 8, 2)]
    for v in variants:
        for shape in shapes:
            tput = _value(bench, v, "items_per_second", shape)
            if tput is None:
                continue
            ref = _ratio(tput, _value(bench, REFERENCE, "items_per_second", shape))
            p50 = _value(bench, v, "commit_p50_us", shape)
            p99 = _value(bench, v, "commit_p99_us", shape)
            aborts = _value(bench, v, "abort_ratio", shape)
            out.append(
                f"<tr><td>{esc(v)}</td><td>{shape['participants']} participants, hot {shape['hot']}</td>"
                f"<td class='num'>{tput:,.0f}</td><td class='num'>{'-' if ref is None else f'{ref:.2f}'}</td>"
                f"<td class='num'>{p50 or 0:.1f} / {p99 or 0:.1f}</td>"
                f"<td class='num'>{'-' if aborts is None else f'{aborts:.3f}'}</td></tr>")
    out.append("</table>")
    png = _scaling_png(bench, variants)
    if png:
        out.append(f"<img class='plot' src='data:image/png;base64,{png}' alt='2PC scaling'>")
    out.append("<p class='note'>One client thread, sync modelled; hot H draws every account from the first H of "
               "each participant's 1024 (hot 0: all of them). Ratios are to presumed-abort at the same shape.</p>")
    return "\n".join(out)


def _forced_write_section(bench):
    esc = html.escape
    variants = sorted({bench_rows.parse(r)[1] for r in bench if r.get("name", "").startswith("transfer/")})
    out = ["<table><tr><th>variant</th><th>participants</th><th>syncs / txn</th><th>commit p50 modelled (us)</th>"
           "<th>commit p50 fsync (us)</th><th>fsync / modelled</th><th>p50 vs presumed-abort (fsync)</th></tr>"]
    any_row = False
    for v in variants:
        for n in (2, 4, 8):
            modelled = _value(bench, v, "commit_p50_us", _shape(n))
            real = _value(bench, v, "commit_p50_us", _shape(n, log="fsync"))
            if modelled is None and real is None:
                continue
            any_row = True
            syncs = _value(bench, v, "syncs_per_txn", _shape(n))
            ref = _ratio(real, _value(bench, REFERENCE, "commit_p50_us", _shape(n, log="fsync")))

            def fmt(x, digits=1):
                return "-" if x is None else f"{x:.{digits}f}"

            out.append(f"<tr><td>{esc(v)}</td><td class='num'>{n}</td><td class='num'>{fmt(syncs)}</td>"
                       f"<td class='num'>{fmt(modelled)}</td><td class='num'>{fmt(real)}</td>"
                       f"<td class='num'>{fmt(_ratio(real, modelled), 0)}</td><td class='num'>{fmt(ref, 2)}</td></tr>")
    out.append("</table><p class='note'>One client thread. Modelled: the simulator's disk, where a sync is free. "
               "fsync: write(2) and fdatasync(2) to a file under $GAUNTLET_FSYNC_DIR (default /tmp) for every "
               "forced write.</p>")
    return "\n".join(out) if any_row else None


def sections(bench, verify):
    rows = [v for v in verify if v.get("family") == "2pc"]
    out = []
    if rows:
        out.append(("2PC: known-bad variants and the check that caught each", _caught_table(rows)))
        blocking = _blocking_section(rows)
        if blocking:
            out.append(("2PC: how long participants stay blocked", blocking))
    scaling = _scaling_section(bench)
    if scaling:
        out.append(("2PC: throughput and commit latency by participants and by contention", scaling))
    forced = _forced_write_section(bench)
    if forced:
        out.append(("2PC: the price of a forced log write, modelled and real", forced))
    return out
