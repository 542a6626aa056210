#!/usr/bin/env python3
"""The report pipeline on small fixed inputs: generate.py must turn the
fixture results into a page with the plots, ratios, verdicts and targets they
imply, escape every value, survive a broken plugin, and reject bad input."""
import base64
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GENERATE = os.path.join(ROOT, "scripts", "report", "generate.py")
FIXTURES = os.path.join(HERE, "fixtures")

failures = []
checked = []


def check(cond, what):
    checked.append(what)
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def generate(results, out, plugins=None):
    env = dict(os.environ)
    if plugins:
        env["GAUNTLET_REPORT_PLUGINS"] = plugins
    return subprocess.run([sys.executable, GENERATE, "--results", results, "--out", out],
                          capture_output=True, text=True, env=env)


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "report")
    r = generate(os.path.join(FIXTURES, "results"), out, os.path.join(FIXTURES, "plugins"))
    check(r.returncode == 0, f"generate.py exits 0 (stderr: {r.stderr.strip()[-300:]})")
    page = open(os.path.join(out, "index.html")).read()

    check("id='fam-demo'" in page and "id='fam-other'" in page, "a section per family")
    imgs = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", page)
    check(len(imgs) == 4, f"one plot per workload group, mixed parameters included (got {len(imgs)})")
    check(all(base64.b64decode(i)[:8] == b"\x89PNG\r\n\x1a\n" for i in imgs), "plots are embedded PNGs")
    # work: fast = 2x ref on throughput; latency: fast takes half the time, so also 2x (higher is better).
    check(page.count("2.00×") >= 4, "ratios to the reference, inverted for time metrics")
    check("0.50×" in page, "a slower implementation shows a ratio below 1")
    check("caught as expected" in page, "a caught known-bad is shown as expected")
    check("MISSED by relacy-mutex" in page, "a missed known-bad is called out in the summary")
    check("must be caught by" in page and "caught by every named check" in page,
          "the known-bad table shows the expected catchers (caught_by) beside the actual ones")
    check("<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page,
          "values from the results are escaped")
    check("fast beats ref at 2 threads" in page and ">met<" in page, "plugin targets are shown")
    check("id='demo-extra'>12 rows, 3 verdicts" in page, "plugin sections get the family's rows")
    check("plugin exploded on purpose" in page, "a failing plugin is reported in the page")
    check("Fixture CPU" in page and "L1 Data 32 KiB" in page, "machine section from machine.json and context")
    check("1 failed" in page, "summary counts a failed verdict")

    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    r = generate(empty, os.path.join(tmp, "x"))
    check(r.returncode == 3 and "holds no results" in r.stderr, "an empty results folder is rejected with exit 3")
    r = generate(os.path.join(tmp, "missing"), os.path.join(tmp, "x"))
    check(r.returncode == 3 and "no such folder" in r.stderr, "a missing results folder is rejected with exit 3")
    bad = os.path.join(tmp, "bad")
    os.makedirs(bad)
    with open(os.path.join(bad, "list.json"), "w") as f:
        f.write('[{"family": "demo", "name": "x", "kind": "ours", "description": "d"}]')
    with open(os.path.join(bad, "verify.json"), "w") as f:
        f.write("{ not json")
    r = generate(bad, os.path.join(tmp, "y"))
    page = open(os.path.join(tmp, "y", "index.html")).read() if r.returncode == 0 else ""
    check(r.returncode == 0 and "could not be read" in page, "a corrupt results file is named in the page")

    # The regression gate's sections: a compare.json verdict and a calibration.
    import json
    import shutil
    gated = os.path.join(tmp, "gated")
    shutil.copytree(os.path.join(FIXTURES, "results"), gated)
    with open(os.path.join(gated, "compare.json"), "w") as f:
        json.dump({"verdict": "regression", "mode": "paired", "alpha": 0.01, "min_change": 0.03,
                   "counts": {"regression": 1, "unchanged": 1}, "verify_regressions": [],
                   "benchmarks": [{"benchmark": "rw/slow-one", "verdict": "regression", "ratio": 1.2,
                                   "interval": [1.1, 1.3], "p_holm": 0.001},
                                  {"benchmark": "rw/same", "verdict": "unchanged", "ratio": 1.0, "p_holm": 1}]}, f)
    with open(os.path.join(gated, "gate_calibration.json"), "w") as f:
        json.dump({"date": "d", "comparisons": 100, "rounds": 18, "benchmarks_per_comparison": 4, "alpha": 0.01,
                   "min_change": 0.03, "seconds": 60,
                   "cases": {"A/A": {"flagged": 0, "rate": 0.0, "measured_ratio": 1.0},
                             "+10%": {"flagged": 97, "rate": 0.97, "measured_ratio": 1.098}},
                   "targets": [{"claim": "false alarms at most 1%", "measured": 0.0, "met": True}]}, f)
    r = generate(gated, os.path.join(tmp, "g"))
    page = open(os.path.join(tmp, "g", "index.html")).read() if r.returncode == 0 else ""
    check("id='baseline'" in page and "rw/slow-one" in page and "+20.0%" in page and "rw/same" not in page,
          "the against-baseline section lists the regression with its change, not the unchanged rows")
    check("Regression gate calibration" in page and "1.098" in page, "the gate's calibration is in the report")

print(f"{len(checked) - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
