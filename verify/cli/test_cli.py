#!/usr/bin/env python3
"""The command-line contract of scripts/gauntlet: names, JSON shapes and exit
statuses that users' scripts depend on. Runs against an existing build
(GAUNTLET_BUILD_DIR), so it never configures or compiles anything itself."""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GAUNTLET = os.path.join(ROOT, "scripts", "gauntlet")
failures, checked = [], []


def check(cond, what):
    checked.append(what)
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def g(*args):
    return subprocess.run([GAUNTLET, *args], capture_output=True, text=True, timeout=300)


def one_line_error(r):
    lines = [ln for ln in r.stderr.splitlines() if not ln.startswith("[gauntlet]")]
    return len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in r.stderr


if not os.environ.get("GAUNTLET_BUILD_DIR"):
    print("GAUNTLET_BUILD_DIR must point at a build (ctest sets it)")
    sys.exit(2)

r = g("--help")
check(r.returncode == 0 and "run" in r.stdout and "test" in r.stdout, "--help lists the commands, exit 0")
for cmd in ("run", "test", "list", "bench", "verify", "report", "setup", "compare", "calibrate", "merge", "mutate"):
    r = g(cmd, "--help")
    check(r.returncode == 0 and "usage:" in r.stdout, f"{cmd} --help, exit 0")

r = g("list", "--json")
check(r.returncode == 0, "list --json exits 0")
rows = json.loads(r.stdout) if r.returncode == 0 else []
check(isinstance(rows, list) and rows and all(
    set(x) == {"family", "name", "kind", "description", "caught_by", "reference", "mutation"} for x in rows),
      "list --json is one array of {family, name, kind, description, caught_by, reference, mutation}")
check(all(bool(x["caught_by"]) == (x["kind"] == "known-bad") for x in rows),
      "every known-bad row, and only those, names the checks that must catch it")
check(all(sum(1 for y in rows if y["family"] == f and y["reference"]) == 1 for f in {x["family"] for x in rows}),
      "every family marks exactly one reference")
check(all(x["kind"] in ("ours", "peer", "known-bad") for x in rows), "kinds are ours, peer or known-bad")
fams = {x["family"] for x in rows}
for fam in ("rwlock", "semaphore"):
    check(fam in fams, f"family {fam} is listed")
check(all(x["description"] for x in rows), "every implementation has a description")
names = [(x["family"], x["name"]) for x in rows]
check(len(names) == len(set(names)), "implementation names are unique within a family")
r = g("list")
check(r.returncode == 0 and "rwlock" in r.stdout, "list prints a table")

r = g("bench", "no-such-family")
check(r.returncode == 3 and one_line_error(r) and "valid:" in r.stderr and "rwlock" in r.stderr,
      "bench of an unknown family: one-line error listing the valid ones, exit 3")
r = g("verify", "no-such-family", "rwlock")
check(r.returncode == 3 and one_line_error(r) and "no-such-family" in r.stderr, "verify of an unknown family, exit 3")
r = g("mutate", "rwlock", "--file", "impls/rwlock/phase_fair.hpp")
check(r.returncode == 3 and one_line_error(r) and "--source" in r.stderr, "mutate --file without --source, exit 3")
r = g("frobnicate")
check(r.returncode == 3 and one_line_error(r), "an unknown command, exit 3")
r = g("list", "--bogus")
check(r.returncode == 3 and one_line_error(r), "an unknown option, exit 3")
r = g("bench", "--max-threads", "0", "rwlock")
check(r.returncode == 3 and one_line_error(r), "--max-threads 0 is rejected, exit 3")
with tempfile.TemporaryDirectory() as tmp:
    r = g("report", "--results", os.path.join(tmp, "nothing-here"))
    check(r.returncode == 3 and one_line_error(r), "report without results, exit 3")
r = g("sim", "no-such-protocol")
check(r.returncode == 3 and one_line_error(r), "sim of an unknown protocol, exit 3")
r = g("check", "--help")
check(r.returncode == 0 and "cas-register" in r.stdout, "check --help lists the models")

with tempfile.TemporaryDirectory() as tmp:
    r = g("compare", os.path.join(tmp, "missing"), tmp)
    check(r.returncode == 3 and one_line_error(r) and "missing" in r.stderr, "compare of a missing folder, exit 3")
    r = g("compare", "--paired", tmp, tmp)
    check(r.returncode == 3 and one_line_error(r) and "manifest" in r.stderr, "compare --paired of a non-build, exit 3")
    r = g("merge", tmp)
    check(r.returncode == 3 and one_line_error(r), "merge without --out, exit 3")
r = g("verify", "rwlock", "--shard", "3/2")
check(r.returncode == 3 and one_line_error(r) and "K/N" in r.stderr, "verify --shard 3/2 is rejected, exit 3")

# Every case of test_adopt.py runs under one of the adopt_examples_<family>
# ctest tests (verify/cli/CMakeLists.txt names them): a new case not named
# there would never run.
import re  # noqa: E402
with open(os.path.join(ROOT, "verify", "cli", "test_adopt.py")) as f:
    adopt_cases = set(re.findall(r"^    def (test_\w+)\(", f.read(), re.M))
with open(os.path.join(ROOT, "verify", "cli", "CMakeLists.txt")) as f:
    registered = set(re.findall(r"\btest_\w+", f.read()))
missing = sorted(adopt_cases - registered)
check(adopt_cases and not missing,
      "every test_adopt.py case is registered with ctest" + (f" (not: {', '.join(missing)})" if missing else ""))

print(f"{len(checked) - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
