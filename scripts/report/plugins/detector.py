"""Report plugin for the failure-detector family (bench/detector/bench_detector.cpp).

The benchmark declares its targets in the run's context as ``gauntlet_targets``
(records: claim, workload, ours, peer, comparison, scenario, and the comparison's
bound); this plugin judges them and keeps no list of its own:
  - ``td-ratio-at-most``: each detector's matched point on the scenario's curve (the
    point with the smallest median detection time among those with at most
    ``max_mistakes_per_interval`` false suspicions per heartbeat interval and every
    crash detected); ours' median T_D over the peer's, met at <= ``bound``;
  - ``mistakes-fewer-by``: false suspicions at knob ``knob`` on the scenario, the peer's
    over ours', met at >= ``factor`` (ours with none counts as met where the peer had
    at least ``factor``: the peer's count over one, a lower bound).
A target the run did not measure is "not measured" (measured None, met False).

sections(bench, verify): the T_D against mistake-rate curve of each scenario (one line
per detector), the matched points, the Raft election timers (time to a new leader
against needless elections), the hot path's throughput, and the checks that catch
the known-bad variants. ``bench`` is the row list (with ``.context``) or a whole bench
JSON document.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench_rows  # noqa: E402  (scripts/report/bench_rows.py: one parser for every plugin)
from plugin_html import esc, matplotlib as _plots, present, verify_table  # noqa: E402

OWN_WORKLOADS = ("curve", "election")
MATCHED_RATE = 1e-4
COUNTERS = ("knob", "td_median_ms", "td_p90_ms", "mistakes", "mistakes_per_hour", "mistakes_per_interval",
            "query_accuracy", "undetected")






def curves(bench, scenario):
    """{detector: [point dict, ...] by knob} of one scenario."""
    rows = bench_rows.rows_of(bench)
    keys = sorted({(i, p.get("point")) for r in rows for (w, i, p, _) in [bench_rows.parse(r)]
                   if w == "curve" and p.get("scenario") == scenario})
    out = {}
    for impl, point in keys:
        params = {"scenario": scenario, "point": point}
        pt = {c: bench_rows.value(rows, c, "curve", impl, params) for c in COUNTERS}
        if pt["knob"] is not None:
            out.setdefault(impl, []).append(pt)
    for pts in out.values():
        pts.sort(key=lambda p: p["knob"])
    return out


def scenarios(bench):
    return sorted({p.get("scenario") for r in bench_rows.rows_of(bench) for (w, _, p, _) in [bench_rows.parse(r)]
                   if w == "curve" and p.get("scenario")})


def matched(points, max_rate=MATCHED_RATE):
    """The fastest point meeting the rate with every crash detected, or None."""
    ok = [p for p in points or [] if p["mistakes_per_interval"] is not None and p["mistakes_per_interval"] <= max_rate
          and not p.get("undetected")]
    return min(ok, key=lambda p: p["td_median_ms"]) if ok else None


_unmeasured = bench_rows.unjudged


def _td_target(t, bench):
    c = curves(bench, t.get("scenario"))
    rate = float(t.get("max_mistakes_per_interval", MATCHED_RATE))
    a, b = matched(c.get(t.get("ours")), rate), matched(c.get(t.get("peer")), rate)
    if a is None or b is None or not b["td_median_ms"]:
        return _unmeasured(t, "no matched point for both")
    ratio = a["td_median_ms"] / b["td_median_ms"]
    bound = float(t["bound"])
    return {"claim": f"{t['claim']} (median T_D {a['td_median_ms']:.0f} ms at {t['ours']} knob {a['knob']:g} / "
                     f"{b['td_median_ms']:.0f} ms at {t['peer']} knob {b['knob']:g}, {t.get('scenario')})",
            "measured": round(ratio, 3), "goal": f"<= {bound:g}", "met": ratio <= bound}


def _mistakes_target(t, bench):
    c = curves(bench, t.get("scenario"))
    knob = float(t.get("knob", 0))
    pick = lambda impl: next((p for p in c.get(impl, []) if p["knob"] == knob), None)  # noqa: E731
    a, b = pick(t.get("ours")), pick(t.get("peer"))
    if a is None or b is None:
        return _unmeasured(t, f"no point at knob {knob:g} for both")
    factor = float(t["factor"])
    ours, peer = a["mistakes"], b["mistakes"]
    # Ours with none: the ratio against one, a lower bound of the true factor.
    measured = peer / max(ours, 1.0)
    bound_note = ", ours none: a lower bound" if not ours else ""
    return {"claim": f"{t['claim']} ({peer:.0f} against {ours:.0f} at knob {knob:g}, {t.get('scenario')}{bound_note})",
            "measured": round(measured, 2), "goal": f">= {factor:g}", "met": measured >= factor}


RULES = {"td-ratio-at-most": _td_target, "mistakes-fewer-by": _mistakes_target}


def targets(bench):
    return bench_rows.judge_declared(bench, "bench_detector", "detector", bench_rows.by_comparison(RULES, bench))


def _fmt(v, digits=1):
    return "-" if v is None else f"{v:.{digits}f}"


def curve_section(bench, scenario):
    c = curves(bench, scenario)
    if not c:
        return None
    out = [f"<p class='note'>Scenario <b>{esc(scenario)}</b>: each detector's knob swept over one seeded trace "
           "in virtual time. T_D: crash to permanent suspicion (median over the nodes); mistakes: false "
           "suspicions of live nodes.</p>"]
    plots = _plots()
    if plots is not None:
        try:
            fig, ax = plots.plt.subplots(figsize=(8, 4.5))
            for impl, pts in sorted(c.items()):
                ax.plot([p["mistakes_per_hour"] for p in pts], [p["td_median_ms"] / 1000 for p in pts], marker="o",
                        label=impl)
            ax.set_xscale("symlog", linthresh=0.01)
            ax.set_yscale("log")
            ax.set_xlabel("false suspicions per hour of live node time (symlog)")
            ax.set_ylabel("median detection time T_D (s)")
            ax.set_title(f"detector: T_D against mistake rate ({scenario})")
            ax.legend(fontsize="small")
            out.append(f"<img class='plot' alt='detector curve {esc(scenario)}' src='data:image/png;base64,"
                       f"{plots.png_base64(fig)}'>")
        except Exception as e:  # noqa: BLE001
            out.append(f"<pre class='note'>plot failed: {esc(e)}</pre>")
    rows = []
    for impl, pts in sorted(c.items()):
        m = matched(pts)
        rows.append(f"<tr><td>{esc(impl)}</td><td class='num'>{'-' if m is None else format(m['knob'], 'g')}</td>"
                    f"<td class='num'>{_fmt(m and m['td_median_ms'], 0)}</td><td class='num'>"
                    f"{_fmt(m and m['td_p90_ms'], 0)}</td><td class='num'>{_fmt(m and m['mistakes_per_hour'], 3)}</td>"
                    f"<td class='num'>{_fmt(m and m['query_accuracy'], 6)}</td></tr>")
    out.append("<table><tr><th>detector</th><th>matched knob</th><th>T_D median (ms)</th><th>T_D p90 (ms)</th>"
               "<th>mistakes / hour</th><th>query accuracy</th></tr>" + "".join(rows) + "</table>"
               f"<p class='note'>Matched: the fastest point with at most {MATCHED_RATE:g} false suspicions per "
               "heartbeat interval and every crash detected; '-' where no point meets it.</p>")
    return "".join(out)


def record_section(bench):
    rows = bench_rows.rows_of(bench)
    found = sorted({(i, p.get("nodes"), t) for r in rows for (w, i, p, t) in [bench_rows.parse(r)] if w == "record"})
    if not found:
        return None
    body = []
    for impl, nodes, threads in found:
        v = bench_rows.value(rows, "items_per_second", "record", impl, {"nodes": nodes}, threads=threads)
        body.append(f"<tr><td>{esc(impl)}</td><td class='num'>{esc(nodes)}</td><td class='num'>{threads}</td>"
                    f"<td class='num'>{_fmt(v and v / 1e6, 1)}</td></tr>")
    return ("<table><tr><th>recorder</th><th>nodes</th><th>threads</th><th>M heartbeats / s</th></tr>" +
            "".join(body) + "</table>")


def election_section(bench):
    """The Raft tie-in: each election timer's time to a new leader against its needless elections."""
    rows = bench_rows.rows_of(bench)
    found = sorted({(i, tuple(sorted(p.items()))) for r in rows for (w, i, p, _) in [bench_rows.parse(r)]
                    if w == "election"})
    if not found:
        return None
    pts = []
    for impl, params in found:
        v = {c: bench_rows.value(rows, c, "election", impl, dict(params))
             for c in ("recovery_median_ms", "recovered", "needless", "needless_per_hour")}
        pts.append((impl, dict(params).get("seeds", "?"), v))
    out = ["<p class='note'>A 5-node Raft cluster (the core unchanged) whose election timer is the detector "
           "(raft-timer: Raft's own randomized 3-6 s timeout), one seeded nemesis of delay spikes and node pauses, "
           "the leader crashed 600 s after the first was elected. Needless: elections started while a leader "
           "was alive.</p>"]
    plots = _plots()
    if plots is not None:
        try:
            fig, ax = plots.plt.subplots(figsize=(7, 4))
            for impl, _, v in pts:
                if v["recovery_median_ms"] is not None and v["needless_per_hour"] is not None:
                    ax.scatter([v["needless_per_hour"]], [v["recovery_median_ms"] / 1000], label=impl)
            ax.set_xscale("symlog", linthresh=0.1)
            ax.set_xlabel("needless elections per hour (symlog)")
            ax.set_ylabel("median time to a new leader (s)")
            ax.set_title("detector: Raft election timer")
            ax.legend(fontsize="small")
            out.append(f"<img class='plot' alt='raft election timers' src='data:image/png;base64,"
                       f"{plots.png_base64(fig)}'>")
        except Exception as e:  # noqa: BLE001
            out.append(f"<pre class='note'>plot failed: {esc(e)}</pre>")
    body = "".join(f"<tr><td>{esc(i)}</td><td class='num'>{esc(seeds)}</td><td class='num'>"
                   f"{_fmt(v['recovered'], 0)}</td><td class='num'>{_fmt(v['recovery_median_ms'], 0)}</td>"
                   f"<td class='num'>{_fmt(v['needless'], 0)}</td><td class='num'>{_fmt(v['needless_per_hour'], 2)}"
                   f"</td></tr>" for i, seeds, v in pts)
    out.append("<table><tr><th>election timer</th><th>runs</th><th>recovered</th><th>median to new leader (ms)"
               "</th><th>needless elections</th><th>per hour</th></tr>" + body + "</table>")
    return "".join(out)


def check_section(verify):
    return verify_table([v for v in verify or [] if v.get("kind") == "known-bad"])


def sections(bench, verify):
    parts = [(f"Detector: T_D against mistake rate ({s})", curve_section(bench, s)) for s in scenarios(bench)]
    parts += [("Detector: Raft election timer driven by a detector", election_section(bench)),
              ("Detector: heartbeat recording hot path", record_section(bench)),
              ("Detector: the known-bad variants' catchers", check_section(verify))]
    return present(parts)
