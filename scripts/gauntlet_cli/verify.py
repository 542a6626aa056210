"""`gauntlet verify FAMILY...`: runs each family's verifiers and merges their
rows into results/verify.json (rows of other families are kept). A known-bad
variant must be caught by every check its caught_by names: a named check that
let it through is `missed` (the verifier says so), and so is one that no
verifier ran at all (added here)."""
import concurrent.futures
import json
import os
import subprocess
import tempfile
import time

from build import build, manifest
from common import RESULTS_DIR, ensure_dir, say

# A verifier that hangs must not hang the run: it becomes a `failed` row.
TIMEOUT_S = {"ci": 15 * 60, "full": 60 * 60}


def run_verifier(path, args, timeout_s, env=None, quiet=False):
    """Runs one verifier binary with ARGS and --json-out to a temporary file:
    (exit status, or None when it ran past timeout_s; its rows; seconds)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    quiet_kw = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL} if quiet else {}
    t0 = time.monotonic()
    try:
        status = subprocess.run([path, *args, "--json-out", out], env=env, timeout=timeout_s, **quiet_kw).returncode
    except subprocess.TimeoutExpired:
        status = None
    elapsed = time.monotonic() - t0
    rows = []
    try:
        with open(out) as f:
            rows = json.load(f)
    except (OSError, ValueError):
        rows = []
    finally:
        if os.path.exists(out):
            os.unlink(out)
    return status, rows, elapsed


def _run_one(entry, depth, quiet=False):
    status, rows, elapsed = run_verifier(entry["path"], ["--depth", depth], TIMEOUT_S[depth], quiet=quiet)
    # Status 0 and 1 are verdicts (1: some row missed or failed); anything else,
    # or no rows at all, means the verifier itself broke.
    if status not in (0, 1) or not rows:
        why = "timed out" if status is None else f"exited with status {status}"
        rows.append({"family": entry["family"], "name": entry["target"], "kind": "ours",
                     "check": "verifier-run", "outcome": "failed", "iterations": 0, "seed": 0,
                     "message": f"{entry['target']} {why}", "depth": depth})
    say(f"verify {entry['target']} finished in {elapsed:.1f}s")
    return rows


def unrun_catchers(impls, rows, families):
    """A `missed` row for every check that a known-bad variant's caught_by
    names but no verifier of its family reported: a renamed or dropped check
    must not let the variant escape silently. impls: gauntlet-list rows."""
    seen = {(r.get("family"), r.get("name"), r.get("check")) for r in rows}
    out = []
    for impl in impls:
        if impl.get("family") not in families or impl.get("kind") != "known-bad":
            continue
        for check in impl.get("caught_by", []):
            if (impl["family"], impl["name"], check) not in seen:
                out.append({"family": impl["family"], "name": impl["name"], "kind": "known-bad",
                            "check": check, "outcome": "missed", "iterations": 0, "seed": 0,
                            "message": f"caught_by names {check}, but no verifier of {impl['family']} ran it"})
    return out


def shard_of(items, shard):
    """The K-th (0-based) of N disjoint parts: every N-th item from the K-th."""
    k, n = shard
    return [x for i, x in enumerate(items) if i % n == k]


def run_verify(preset, families, quick, results_dir=RESULTS_DIR, impls=None, jobs=1, shard=(0, 1)):
    """Returns the number of rows that are missed or failed. jobs verifiers run
    at once; their rows are kept in the manifest's order, so the file is the
    serial run's whatever jobs is. shard=(K, N) runs only the K-th of N parts
    of the verifier list (`merge` joins the parts' folders)."""
    depth = "ci" if quick else "full"
    entries = [e for e in manifest(preset) if e["kind"] == "verify" and e["family"] in families]
    for fam in sorted(set(families) - {e["family"] for e in entries}):
        say(f"family {fam} has no verifiers; skipping")
    entries = shard_of(entries, shard)
    if shard[1] > 1:
        say(f"verify: shard {shard[0] + 1}/{shard[1]}: {len(entries)} verifier(s)")
    if entries:
        build(preset, [e["target"] for e in entries])
    t0 = time.monotonic()

    def one(ie):
        i, e = ie
        say(f"verify {e['family']}: {e['target']} at depth {depth} ({i}/{len(entries)}, "
            f"{time.monotonic() - t0:.0f}s so far)")
        return _run_one(e, depth, quiet=jobs > 1)  # parallel runs' output would interleave: the rows say it

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        new_rows = [r for rows in pool.map(one, enumerate(entries, 1)) for r in rows]
    # A shard sees only part of the verifiers: the catchers nobody ran are
    # found when `merge` joins the shards.
    if impls is not None and shard[1] == 1:
        new_rows += unrun_catchers(impls, new_rows, {e["family"] for e in entries})

    ensure_dir(results_dir)
    path = os.path.join(results_dir, "verify.json")
    kept = []
    if os.path.exists(path):
        try:
            with open(path) as f:
                ran = {e["family"] for e in entries}
                kept = [r for r in json.load(f) if r.get("family") not in ran]
        except (OSError, ValueError):
            kept = []
    with open(path, "w") as f:
        json.dump(kept + new_rows, f, indent=2)
    bad = [r for r in new_rows if r["outcome"] in ("missed", "failed")]
    counts = {}
    for r in new_rows:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    say("verify: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) + f" -> {os.path.relpath(path)}")
    for r in bad:
        say(f"  {r['outcome'].upper()}: {r['family']}/{r['name']} {r['check']}: {r.get('message', '')}")
    return len(bad)
