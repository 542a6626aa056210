"""The report's "against baseline" section (compare.json, written by
`scripts/gauntlet compare` or `run --baseline`) and the gate's calibration
(gate_calibration.json, from `scripts/gauntlet calibrate`)."""
import html
import json
import math
import os


def _esc(x):
    return html.escape(str(x))


def _load(results_dir, name):
    path = os.path.join(results_dir or "", name)
    if not results_dir or not os.path.exists(path):
        return None
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {"error": f"{name} could not be read"}


def _pct(r):
    return f"{(r - 1) * 100:+.1f}%"


def baseline_section(results_dir, limit=30):
    v = _load(results_dir, "compare.json")
    if not v:
        return ""
    if "error" in v:
        return f"<h2 id='baseline'>Against baseline</h2><p class='unmet'>{_esc(v['error'])}</p>"
    cls = "unmet" if v["verdict"] == "regression" else ("note" if v["verdict"] == "not enough data" else "met")
    counts = ", ".join(f"{n} {k}" for k, n in sorted(v["counts"].items()))
    out = [f"<h2 id='baseline'>Against baseline</h2><p class='{cls}'>{_esc(v['verdict'])} ({_esc(v['mode'])} mode; "
           f"{_esc(counts)}; Holm-corrected at alpha {v['alpha']}, floor {v['min_change'] * 100:.0f}% or the "
           "benchmark's noise)</p>"]
    changed = sorted((r for r in v["benchmarks"] if r.get("verdict") in ("regression", "improvement")),
                     key=lambda r: (r["verdict"] != "regression", -abs(math.log(r["ratio"]))))
    if changed:
        out.append("<table><tr><th>benchmark</th><th>verdict</th><th>change</th><th>95% interval</th>"
                   "<th>p (Holm)</th></tr>")
        for r in changed[:limit]:
            iv = r.get("interval")
            ivs = f"{_pct(iv[0])} .. {_pct(iv[1])}" if iv else "n/a"
            c = "unmet" if r["verdict"] == "regression" else "met"
            out.append(f"<tr><td>{_esc(r['benchmark'])}</td><td class='{c}'>{_esc(r['verdict'])}</td>"
                       f"<td>{_pct(r['ratio'])}</td><td>{ivs}</td><td>{r['p_holm']:.2g}</td></tr>")
        out.append("</table>")
    for r in v.get("verify_regressions", []):
        out.append(f"<p class='unmet'>{_esc(r['family'])}/{_esc(r['name'])} {_esc(r['check'])}: "
                   f"{_esc(r['baseline'])} → {_esc(r['current'])}</p>")
    return "".join(out)


def calibration_section(results_dir):
    c = _load(results_dir, "gate_calibration.json")
    if not c:
        return ""
    if "error" in c:
        return f"<h3>Regression gate calibration</h3><p class='unmet'>{_esc(c['error'])}</p>"
    out = [f"<h3>Regression gate calibration</h3><p class='note'>{_esc(c['date'])}: {c['comparisons']} paired "
           f"comparisons per case, {c['rounds']} pairs each, {c['benchmarks_per_comparison']} fixture benchmarks "
           f"Holm-corrected at alpha {c['alpha']}, floor {c['min_change'] * 100:.0f}%; {c['seconds']:.0f} s "
           "(<code>scripts/gauntlet calibrate</code>).</p><table><tr><th>case</th><th>measured injected ratio</th>"
           "<th>comparisons flagged</th><th>rate</th></tr>"]
    for name, r in c["cases"].items():
        out.append(f"<tr><td>{_esc(name)}</td><td>{r['measured_ratio']:.3f}</td><td>{r['flagged']}</td>"
                   f"<td>{r['rate']:.0%}</td></tr>")
    out.append("</table><table><tr><th>target</th><th>measured</th><th></th></tr>")
    for t in c["targets"]:
        cls = "met" if t["met"] else "unmet"
        out.append(f"<tr><td>{_esc(t['claim'])}</td><td>{t['measured']:.0%}</td><td class='{cls}'>"
                   f"{'met' if t['met'] else 'NOT met'}</td></tr>")
    out.append("</table>")
    return "".join(out)
