"""Report plugin for the raft family.

targets(bench): the family's benchmark claims, from Google Benchmark result objects:
  - batching must show its gain: threaded/batched over threaded/basic committed
    operations per second (items_per_second), same window; goal >= 2.
  - a 1,000-seed sweep of 5-node clusters (2,000 client operations each) runs in
    under a minute on one core: the sim-sweep benchmarks' sweep_1000_s counter
    (CPU seconds per run x 1,000).
sections(bench, verify): which check caught each known-bad variant after how many
seeds, and the liveness distribution (time to leader / to recovery after the
last fault heals) of the passing sweeps, from verify_raft's rows.
A missing benchmark gives measured None and met False, never a silent omission.
Standard library only.
"""
import html
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench_rows  # noqa: E402  (scripts/report/bench_rows.py: one parser for every plugin)

GOAL_BATCH_GAIN = 2.0
GOAL_SWEEP_SECONDS = 60.0


def _value(bench, workload, impl, key, params=None):
    return bench_rows.value(bench, key, workload, impl, params)


def _windows(bench):
    found = set()
    for r in bench:
        w, _, p, _ = bench_rows.parse(r)
        if w == "threaded" and "window" in p:
            found.add(p["window"])
    return sorted(found, key=int) or ["64"]


def targets(bench):
    out = []
    for window in _windows(bench):
        params = {"window": window}
        basic = _value(bench, "threaded", "basic", "items_per_second", params)
        batched = _value(bench, "threaded", "batched", "items_per_second", params)
        ratio = batched / basic if basic and batched is not None else None
        out.append({
            "claim": f"batching and pipelining raise committed ops/s (threaded runtime, window {window})",
            "measured": ratio,
            "goal": f">= {GOAL_BATCH_GAIN} (ops/s ratio batched / basic)",
            "met": ratio is not None and ratio >= GOAL_BATCH_GAIN,
        })
    for variant in ("basic", "batched"):
        seconds = _value(bench, "sim-sweep", variant, "sweep_1000_s")
        out.append({
            "claim": f"a 1,000-seed simulator sweep ({variant}, 5 nodes, 2,000 ops per run) on one core",
            "measured": seconds,
            "goal": f"<= {GOAL_SWEEP_SECONDS:.0f} s",
            "met": seconds is not None and seconds <= GOAL_SWEEP_SECONDS,
        })
    return out


def sections(bench, verify):
    rows = [v for v in verify if v.get("family") == "raft"]
    if not rows:
        return []
    esc = html.escape
    caught = ["<table><tr><th>variant</th><th>outcome</th><th>seeds</th><th>caught by</th><th>first failure</th></tr>"]
    for r in rows:
        if r.get("kind") != "known-bad":
            continue
        caught.append(
            f"<tr><td>{esc(str(r.get('name')))}</td><td>{esc(str(r.get('outcome')))}</td>"
            f"<td>{esc(str(r.get('seeds_to_catch', r.get('iterations'))))}</td>"
            f"<td>{esc(str(r.get('caught_by', '-')))}</td><td>{esc(str(r.get('message', '')))}</td></tr>")
    caught.append("</table>")
    live = ["<table><tr><th>variant</th><th>seeds</th><th>faults</th><th>operations</th>"
            "<th>time to leader p50 / p99 / max (ms)</th><th>time to recover p50 / p99 / max (ms)</th></tr>"]
    for r in rows:
        if r.get("kind") == "known-bad":
            continue

        def trio(prefix):
            return " / ".join(f"{float(r.get(f'{prefix}_{q}', 0)):.0f}" for q in ("p50", "p99", "max"))

        live.append(
            f"<tr><td>{esc(str(r.get('name')))}</td><td>{r.get('seeds', r.get('iterations'))}</td>"
            f"<td>{r.get('faults', '')}</td><td>{r.get('operations', '')}</td>"
            f"<td>{trio('time_to_leader_ms')}</td><td>{trio('time_to_recover_ms')}</td></tr>")
    live.append("</table><p class='note'>Virtual time, measured from the moment the nemesis healed its last "
                "fault (0 when a leader was already in place).</p>")
    return [("Raft: known-bad variants and the check that caught each", "\n".join(caught)),
            ("Raft: liveness after the last fault heals", "\n".join(live))]
