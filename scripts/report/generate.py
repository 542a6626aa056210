#!/usr/bin/env python3
"""Writes reports/latest/index.html from the JSON of a run, and nothing else.

usage: generate.py --results DIR --out DIR   (exit 0 written, 3 bad input: no such folder, or no results in it)

Reads DIR/list.json (families and implementations), DIR/machine.json,
DIR/bench_*.json (Google Benchmark) and DIR/verify.json (verdict rows).
A family may add its own sections with scripts/report/plugins/<family>.py:
  targets(bench) -> [{"claim", "measured", "goal", "met"}]   performance targets as ratios
  sections(bench, verify) -> [(title, html)]                 anything else
  OWN_WORKLOADS = ("name", ...)                              workloads the plugin shows itself
                                                             (no generic plot or ratio table)
where bench is the family's list of Google Benchmark result objects.
The page is self-contained (plots are embedded), so it can be mailed or
attached to a CI run as one file.
"""
import argparse
import html
import json
import importlib.util
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gate  # noqa: E402
import plots  # noqa: E402
import results  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUTCOME_ORDER = ["failed", "missed", "documented", "caught", "passed"]

CSS = """
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1150px;
       color: #1d1d1f; padding: 0 1em; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }
h3 { margin-top: 1.5em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.passed { background: #e3f4e1; } .caught { background: #fff2cc; } .missed, .failed { background: #f8d0cc; font-weight: bold; }
.documented { background: #e6e6fa; } .met { color: #1e7d32; font-weight: bold; } .unmet { color: #b3261e; font-weight: bold; }
.kind-known-bad { color: #b3261e; } .kind-peer { color: #555; }
.better { color: #1e7d32; } .worse { color: #b3261e; }
img.plot { max-width: 100%; border: 1px solid #eee; margin: 0.4em 0; }
.note { color: #555; font-size: 13px; } code { background: #f4f4f6; padding: 0 3px; }
nav a { margin-right: 1em; }
"""


def esc(x):
    return html.escape(str(x), quote=True)


def plugin_dir():
    # Overridable so the report's own tests can bring fixture plugins.
    return os.environ.get("GAUNTLET_REPORT_PLUGINS", os.path.join(HERE, "plugins"))


def load_plugin(family):
    path = os.path.join(plugin_dir(), f"{family}.py")
    if not os.path.exists(path):
        return None
    spec = importlib.util.spec_from_file_location(f"gauntlet_plugin_{family.replace('-', '_')}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def plugin_call(plugin, fn, *args):
    """A broken plugin shows up as an error line in the report, not a crashed report."""
    if plugin is None or not hasattr(plugin, fn):
        return [], None
    try:
        return list(getattr(plugin, fn)(*args) or []), None
    except Exception:  # noqa: BLE001 - any plugin failure is reported in the page
        return [], traceback.format_exc(limit=3)


def fmt_num(v):
    if isinstance(v, float):
        if v >= 1e6:
            return f"{v / 1e6:.2f} M"
        if v >= 1e3:
            return f"{v / 1e3:.1f} k"
        return f"{v:.3g}"
    return esc(v)


def fmt_ratio(v):
    # Two decimals hide a collapse (0.004 would read 0.00): small ratios keep two significant digits.
    return f"{v:.2f}×" if v >= 0.1 else f"{v:.2g}×"


def machine_section(res):
    m = dict(res.machine)
    ctx = next(iter(res.contexts.values()), {})
    if ctx:
        m.setdefault("cpus (benchmark library)", ctx.get("num_cpus"))
        if ctx.get("mhz_per_cpu"):
            m["MHz per cpu"] = ctx.get("mhz_per_cpu")
        caches = ctx.get("caches") or []
        if caches:
            m["caches"] = ", ".join(f"L{c.get('level')} {c.get('type', '')} {c.get('size', 0) // 1024} KiB"
                                    for c in caches)
        lib = ctx.get("library_build_type", "")
        m["benchmark library build"] = (lib + " (Debian's libbenchmark: only its runner is a debug build; the timed "
                                        "loops are inlined with our flags, 0.35 ns of loop overhead per iteration "
                                        "measured; see the README)") if lib == "debug" else lib
        hw = ctx.get("hardware_counters")
        m["hardware counters"] = hw if hw else "unavailable (perf_event_open not permitted or absent)"
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in m.items() if v not in (None, ""))
    return f"<h2 id='machine'>Machine</h2><table>{rows}</table>"


def verify_counts(rows):
    counts = {}
    for r in rows:
        counts[r.get("outcome", "?")] = counts.get(r.get("outcome", "?"), 0) + 1
    return counts


def summary_section(res, all_targets):
    out = ["<h2 id='summary'>Summary</h2><table><tr><th>family</th><th>implementations</th>"
           "<th>benchmarks</th><th>verification</th><th>targets met</th></tr>"]
    for fam in res.families():
        n_impl = sum(1 for r in res.impls if r["family"] == fam)
        n_bench = sum(1 for b in res.bench if b.family == fam)
        counts = verify_counts([v for v in res.verify if v.get("family") == fam])
        vtxt = ", ".join(f"<span class='{esc(k)}'>{n} {esc(k)}</span>"
                         for k, n in sorted(counts.items(), key=lambda kv: OUTCOME_ORDER.index(kv[0])
                                            if kv[0] in OUTCOME_ORDER else 99)) or "—"
        tg = all_targets.get(fam, [])
        ttxt = f"{sum(1 for t in tg if t.get('met'))} / {len(tg)}" if tg else "—"
        out.append(f"<tr><td><a href='#fam-{esc(fam)}'>{esc(fam)}</a></td><td class='num'>{n_impl}</td>"
                   f"<td class='num'>{n_bench}</td><td>{vtxt}</td><td>{ttxt}</td></tr>")
    out.append("</table>")
    # Known-bad variants and what caught them: the proof that the checks have
    # teeth. Expected: the checks its caught_by names (list.json); each must
    # have caught it. Actual: every check that did.
    kb = [r for r in res.impls if r["kind"] == "known-bad"]
    if kb:
        out.append("<h3>Known-bad variants and the checks that caught them</h3>"
                   "<table><tr><th>family</th><th>variant</th><th>must be caught by</th>"
                   "<th>caught by</th><th>verdict</th></tr>")
        for r in kb:
            rows = [v for v in res.verify if v.get("family") == r["family"] and v.get("name") == r["name"]]
            outcome = {v["check"]: v.get("outcome") for v in rows}
            expected = r.get("caught_by", [])
            caught = [v for v in rows if v.get("outcome") == "caught"]
            missed = [c for c in expected if outcome.get(c) == "missed"] + \
                [v["check"] for v in rows if v.get("outcome") == "missed" and v["check"] not in expected]
            not_run = [c for c in expected if c not in outcome]
            exp_txt = ", ".join(esc(c) for c in expected) or "<span class='note'>(none named)</span>"
            act_txt = "; ".join(f"{esc(v['check'])} <span class='note'>({esc(v.get('message', ''))})</span>"
                                for v in caught) or "—"
            if missed:
                verdict, cls = "MISSED by " + ", ".join(esc(c) for c in missed), "missed"
            elif not rows:
                verdict, cls = "not verified in this run", ""
            elif not_run:
                verdict, cls = "not run: " + ", ".join(esc(c) for c in not_run), ""
            else:
                verdict, cls = "caught by every named check", "caught"
            out.append(f"<tr><td>{esc(r['family'])}</td><td>{esc(r['name'])}</td><td>{exp_txt}</td>"
                       f"<td>{act_txt}</td><td class='{cls}'>{verdict}</td></tr>")
        out.append("</table>")
    return "".join(out)


def impl_table(res, fam):
    rows = [r for r in res.impls if r["family"] == fam]
    if not rows:
        return ""
    ref = res.reference(fam)
    body = "".join(
        f"<tr><td>{esc(r['name'])}{' <b>(reference)</b>' if r['name'] == ref else ''}</td>"
        f"<td class='kind-{esc(r['kind'])}'>{esc(r['kind'])}</td><td>{esc(r['description'])}</td></tr>"
        for r in rows)
    return f"<table><tr><th>implementation</th><th>kind</th><th>description</th></tr>{body}</table>"


def targets_table(targets, error):
    if not targets and not error:
        return ""
    out = ["<h3>Targets</h3><table><tr><th>claim</th><th>goal</th><th>measured</th><th></th></tr>"]
    for t in targets:
        m = t.get("measured")
        mtxt = f"{m:.2f}" if isinstance(m, (int, float)) else esc(m if m is not None else "not measured")
        met = t.get("met")
        out.append(f"<tr><td>{esc(t.get('claim', ''))}</td><td>{esc(t.get('goal', ''))}</td>"
                   f"<td class='num'>{mtxt}</td><td class='{'met' if met else 'unmet'}'>"
                   f"{'met' if met else 'not met'}</td></tr>")
    out.append("</table>")
    if error:
        out.append(f"<pre class='note'>targets plugin failed:\n{esc(error)}</pre>")
    return "".join(out)


def bench_section(res, fam, own_workloads=()):
    rows = [b for b in res.bench if b.family == fam and b.workload not in own_workloads]
    if not rows:
        return "<p class='note'>No benchmark results for this family in this run.</p>"
    ref = res.reference(fam)
    kinds = {r["name"]: r["kind"] for r in res.impls if r["family"] == fam}
    out = []
    for (workload, fixed), (x_name, grows) in sorted(plots.groups(rows).items()):
        title = workload + ("" if not fixed else " (" + ", ".join(f"{k}={v}" for k, v in fixed) + ")")
        try:
            png = plots.figure_png(f"{fam}: {title}", x_name, grows, ref, kinds)
            out.append(f"<h3>{esc(title)}</h3><img class='plot' alt='{esc(fam)} {esc(title)}' "
                       f"src='data:image/png;base64,{png}'>")
        except Exception:  # noqa: BLE001 - one odd workload must not cost the whole report
            out.append(f"<h3>{esc(title)}</h3><pre class='note'>plot failed:\n"
                       f"{esc(traceback.format_exc(limit=2))}</pre>")
        ratios = plots.ratio_table(grows, x_name, ref)
        if ratios and len(ratios) > 1:
            xs = sorted({x for d in ratios.values() for x in d}, key=lambda v: (isinstance(v, str), v))
            head = "".join(f"<th>{esc(x_name or '')} {esc(x)}</th>" for x in xs)
            body = []
            for impl in sorted(ratios):
                cells = []
                for x in xs:
                    v = ratios[impl].get(x)
                    cls = "" if v is None else ("better" if v > 1.05 else "worse" if v < 0.95 else "")
                    cells.append(f"<td class='num {cls}'>{'' if v is None else fmt_ratio(v)}</td>")
                body.append(f"<tr><td>{esc(impl)}</td>{''.join(cells)}</tr>")
            out.append(f"<p class='note'>Ratio to {esc(ref)} at the same point (&gt;1 is better).</p>"
                       f"<table><tr><th>implementation</th>{head}</tr>{''.join(body)}</table>")
    return "".join(out)


def verify_matrix(res, fam):
    rows = [v for v in res.verify if v.get("family") == fam]
    if not rows:
        return "<p class='note'>No verification results for this family in this run.</p>"
    checks = list(dict.fromkeys(v["check"] for v in rows))
    names = [r["name"] for r in res.impls if r["family"] == fam]
    names += [n for n in dict.fromkeys(v["name"] for v in rows) if n not in names]
    cell = {(v["name"], v["check"]): v for v in rows}
    out = ["<h3>Verification</h3><table><tr><th>implementation</th>"
           + "".join(f"<th>{esc(c)}</th>" for c in checks) + "</tr>"]
    for n in names:
        tds = []
        for c in checks:
            v = cell.get((n, c))
            if not v:
                tds.append("<td class='note'>—</td>")
                continue
            tip = f"seed {v.get('seed', '')}; depth {v.get('depth', '')}; {v.get('message', '')}"
            label = {"caught": "caught as expected"}.get(v["outcome"], v["outcome"])
            tds.append(f"<td class='{esc(v['outcome'])}' title='{esc(tip)}'>{esc(label)}"
                       f"<br><span class='note'>{esc(v.get('iterations', ''))} it.</span></td>")
        out.append(f"<tr><td>{esc(n)}</td>{''.join(tds)}</tr>")
    out.append("</table>")
    msgs = [v for v in rows if v.get("message")]
    if msgs:
        out.append("<details><summary>First failure of each check that found one</summary><table>"
                   "<tr><th>implementation</th><th>check</th><th>outcome</th><th>seed</th><th>message</th></tr>")
        for v in msgs:
            out.append(f"<tr><td>{esc(v['name'])}</td><td>{esc(v['check'])}</td><td class='{esc(v['outcome'])}'>"
                       f"{esc(v['outcome'])}</td><td class='num'>{esc(v.get('seed', ''))}</td>"
                       f"<td>{esc(v['message'])}</td></tr>")
        out.append("</table></details>")
    return "".join(out)


def mutation_section(results_dir, fam):
    """The family's mutation scores (results/mutation_<family>.json, written by
    `scripts/gauntlet mutate`): per implementation killed / total, equivalent
    and justified set apart, and every survivor by file and line."""
    path = os.path.join(results_dir, f"mutation_{fam}.json") if results_dir else None
    if not path or not os.path.exists(path):
        return ""
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        return f"<p class='unmet'>mutation_{esc(fam)}.json could not be read: {esc(e)}</p>"
    out = ["<h3>Mutation score</h3><p class='note'>Each mutant weakens one memory order, removes one fence or "
           "drops one wake-up of the implementation; the family's checks must fail. Survivors are holes in the "
           "checks or unnecessary orders.</p><table><tr><th>implementation</th><th>sites</th><th>mutants</th>"
           "<th>killed</th><th>score</th><th>equivalent</th><th>justified</th><th>survived</th></tr>"]
    survivors = []
    for impl in data.get("implementations", []):
        score = impl.get("score")
        cls = "passed" if impl.get("survived", 0) == 0 else "failed"
        out.append(f"<tr><td>{esc(impl.get('name'))}</td><td class='num'>{impl.get('sites', 0)}</td>"
                   f"<td class='num'>{impl.get('mutants', 0)}</td><td class='num'>{impl.get('killed', 0)}</td>"
                   f"<td class='num'>{'—' if score is None else f'{100 * score:.0f}%'}</td>"
                   f"<td class='num'>{impl.get('equivalent', 0)}</td><td class='num'>{impl.get('justified', 0)}</td>"
                   f"<td class='num {cls}'>{impl.get('survived', 0)}</td></tr>")
        survivors += [(impl.get("name"), m) for m in impl.get("mutants_detail", [])
                      if m.get("outcome") in ("survived", "justified", "equivalent")]
    out.append("</table>")
    if survivors:
        out.append("<table><tr><th>implementation</th><th>site</th><th>mutation</th><th>outcome</th>"
                   "<th>reason</th></tr>")
        for name, m in survivors:
            cls = "failed" if m["outcome"] == "survived" else ""
            out.append(f"<tr><td>{esc(name)}</td><td>{esc(m['file'])}:{m['line']}</td>"
                       f"<td>{esc(m['op'])} {esc(m['from'])} → {esc(m['to'])}</td><td class='{cls}'>"
                       f"{esc(m['outcome'])}</td><td>{esc(m.get('reason', ''))}</td></tr>")
        out.append("</table>")
    return "".join(out)


def render(res, results_dir=None):
    fams = res.families()
    all_targets, target_errors, extra, plugins = {}, {}, {}, {}
    for fam in fams:
        plugin = plugins[fam] = load_plugin(fam)
        bench_rows = res.bench_raw.get(fam, [])
        all_targets[fam], target_errors[fam] = plugin_call(plugin, "targets", bench_rows)
        extra[fam] = plugin_call(plugin, "sections", bench_rows, [v for v in res.verify if v.get("family") == fam])
    m = res.machine
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>gauntlet report</title>"
             f"<style>{CSS}</style></head><body><h1>gauntlet report</h1>"
             f"<p class='note'>{esc(m.get('date', ''))} · {esc(m.get('mode', ''))} run · commit "
             f"{esc(m.get('commit', ''))} · {esc(m.get('cpu', ''))}, {esc(m.get('cores', ''))} cores</p><nav>"
             + "".join(f"<a href='#fam-{esc(f)}'>{esc(f)}</a>" for f in fams)
             + "<a href='#machine'>machine</a></nav>"]
    if res.problems:
        parts.append("<p class='unmet'>Some result files could not be read: "
                     + esc("; ".join(res.problems)) + "</p>")
    parts.append(summary_section(res, all_targets))
    parts.append(gate.baseline_section(results_dir))
    for fam in fams:
        parts.append(f"<h2 id='fam-{esc(fam)}'>{esc(fam)}</h2>")
        parts.append(impl_table(res, fam))
        parts.append(targets_table(all_targets[fam], target_errors[fam]))
        parts.append(verify_matrix(res, fam))
        parts.append(mutation_section(results_dir, fam))
        parts.append("<h3>Benchmarks</h3>" if any(b.family == fam for b in res.bench) else "")
        parts.append(bench_section(res, fam, getattr(plugins[fam], "OWN_WORKLOADS", ())))
        sections, err = extra[fam]
        for title, body in sections:
            parts.append(f"<h3>{esc(title)}</h3>{body}")
        if err:
            parts.append(f"<pre class='note'>sections plugin failed:\n{esc(err)}</pre>")
    parts.append(machine_section(res))
    parts.append(gate.calibration_section(results_dir))
    parts.append("<p class='note'>Generated by scripts/report/generate.py from the JSON in results/; "
                 "regenerate with <code>scripts/gauntlet report</code>.</p></body></html>")
    return "\n".join(parts)


def main(argv):
    p = argparse.ArgumentParser(description="Write the HTML report from a run's JSON results.")
    p.add_argument("--results", required=True, help="folder with list.json, machine.json, bench_*.json, verify.json")
    p.add_argument("--out", required=True, help="folder for index.html")
    a = p.parse_args(argv)
    if not os.path.isdir(a.results):
        print(f"error: no such folder: {a.results}", file=sys.stderr)
        return 3
    res = results.load(a.results)
    if not (res.impls or res.bench or res.verify):
        print(f"error: {a.results} holds no results (list.json, bench_*.json, verify.json)", file=sys.stderr)
        return 3
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "index.html")
    with open(path, "w") as f:
        f.write(render(res, a.results))
    print(f"[gauntlet] report: {path} ({len(res.bench)} benchmark rows, {len(res.verify)} verdicts)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
