"""`gauntlet mutate FAMILY [IMPL...]`: how many small bugs the family's checks catch.

1. Record: run the family's verifiers once per implementation (`--only IMPL`)
   in the `mutate` build, where the platform layer writes down every site it
   executes (file, line, column, operation, declared order:
   impls/platform/mutation.hpp).
2. Enumerate, in a fixed order, every weaker choice at every site: seq_cst to
   acq_rel (read-modify-writes), acquire (loads) or release (stores); acq_rel
   to acquire or release; acquire and release to relaxed; a fence removed; a
   wake-up dropped. Each mutant has an id (FILE:LINE:COLUMN:OP:FROM>TO) and
   replays from it: GAUNTLET_MUTANT=ID VERIFIER --only IMPL.
3. Kill: rerun the verifiers with only that site weakened. A mutant is
   `killed` when a check fails for the implementation (or a verifier crashes
   or hangs past its bound: a dropped wake-up usually hangs), and `survived`
   when every check passes.

A survivor is an unnecessary order or a hole in the checks. A comment on the
site's line, or in the comment block right above it, decides it in the code:
`mutation-justified: why` (the stronger order is needed, and why no check can
show it) or `mutation-equivalent: why` (the weaker order means the same
thing there); the engine lists those apart, with the reason.

Results: one JSON file (reports/latest/results/mutation_<family>.json by
default) with every mutant, and a summary per implementation:
killed / total, equivalent and justified set apart.
"""
import json
import os
import subprocess
import tempfile
import time

from build import build, manifest
from common import RESULTS_DIR, ROOT, StepFailed, UsageError, ensure_dir, say

PRESET = "mutate"
# Mutants per order: what "one step weaker" means for each kind of site.
WEAKER = {
    "load": {"seq_cst": ["acquire"], "acquire": ["relaxed"], "consume": ["relaxed"]},
    "store": {"seq_cst": ["release"], "release": ["relaxed"]},
    "rmw": {"seq_cst": ["acq_rel"], "acq_rel": ["acquire", "release"], "acquire": ["relaxed"],
            "release": ["relaxed"]},
    "cas": {"seq_cst": ["acq_rel"], "acq_rel": ["acquire", "release"], "acquire": ["relaxed"],
            "release": ["relaxed"]},
    "fence": {o: ["drop"] for o in ("seq_cst", "acq_rel", "acquire", "release")},
    "wake": {"seq_cst": ["drop"]},
}
MARKERS = ("mutation-justified:", "mutation-equivalent:")


def parse_site(line):
    """FILE:LINE:COLUMN:OP:ORDER -> dict, or None for a malformed line."""
    parts = line.strip().rsplit(":", 4)
    if len(parts) != 5 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    return {"file": parts[0], "line": int(parts[1]), "column": int(parts[2]), "op": parts[3], "order": parts[4]}


def mutants_of(sites):
    """Every mutant of these sites, in a fixed order (file, line, column, op, from, to)."""
    out = []
    for s in sorted(sites, key=lambda s: (s["file"], s["line"], s["column"], s["op"], s["order"])):
        for to in WEAKER.get(s["op"], {}).get(s["order"], []):
            mid = f"{s['file']}:{s['line']}:{s['column']}:{s['op']}:{s['order']}>{to}"
            out.append({**s, "to": to, "id": mid})
    return out


def decision_in_source(m):
    """('justified' | 'equivalent', reason) when the source decides this site, else None."""
    try:
        with open(os.path.join(ROOT, m["file"])) as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    # The site's own line, then the comment block right above it.
    candidates = [m["line"]]
    n = m["line"] - 1
    while 1 <= n <= len(lines) and lines[n - 1].strip().startswith("//"):
        candidates.append(n)
        n -= 1
    for n in candidates:
        if 1 <= n <= len(lines):
            text = lines[n - 1]
            for marker in MARKERS:
                if marker in text:
                    kind = marker[len("mutation-"):-1]
                    return kind, text.split(marker, 1)[1].strip()
    return None


def _run_verifier(entry, impl, env_extra, timeout_s):
    """(status, rows, seconds): status None when it ran past timeout_s."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    env = dict(os.environ, **env_extra)
    cmd = [entry["path"], "--depth", "ci", "--only", impl, "--json-out", out]
    t0 = time.monotonic()
    try:
        r = subprocess.run(cmd, env=env, timeout=timeout_s, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
        status = r.returncode
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
    return status, [r for r in rows if r.get("name") == impl], elapsed


def _implementations(preset, family):
    from families import implementations
    return [r for r in implementations(preset) if r["family"] == family]


def run_mutate(family, impls, results_dir=RESULTS_DIR, out_path=None):
    """Returns the number of unjustified survivors."""
    entries = [e for e in manifest(PRESET) if e["kind"] == "verify" and e["family"] == family]
    if not entries:
        raise UsageError(f"family {family!r} has no verifiers to mutate against")
    known = {r["name"]: r for r in _implementations(PRESET, family)}
    if not impls:
        impls = [n for n, r in known.items() if r["kind"] == "ours"]
    for i in impls:
        if i not in known:
            raise UsageError(f"{family} has no implementation {i!r}; valid: {', '.join(known)}")
        if known[i]["kind"] != "ours":
            raise UsageError(f"{i} is {known[i]['kind']}: only our correct implementations are mutated")
    build(PRESET, [e["target"] for e in entries])
    report = {"family": family, "implementations": []}
    unjustified = 0
    for impl in impls:
        say(f"mutate {family}/{impl}: recording sites")
        sites, base_time = {}, {}
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "sites.txt")
            for e in entries:
                status, rows, secs = _run_verifier(e, impl, {"GAUNTLET_MUTATION_SITES": path}, 600)
                base_time[e["target"]] = secs
                if status not in (0, 1) or any(r["outcome"] in ("failed", "missed") for r in rows):
                    raise StepFailed(f"{e['target']} --only {impl} does not pass unmutated (status {status})")
            if os.path.exists(path):
                with open(path) as f:
                    for line in f:
                        s = parse_site(line)
                        if s:
                            sites[(s["file"], s["line"], s["column"], s["op"], s["order"])] = s
        # Verifiers that check nothing of this implementation cannot kill its mutants.
        useful = [e for e in entries if base_time.get(e["target"]) is not None]
        mutants = mutants_of(sites.values())
        say(f"mutate {family}/{impl}: {len(sites)} sites, {len(mutants)} mutants")
        rows_out = []
        t_impl = time.monotonic()
        for n, m in enumerate(mutants, 1):
            verdict = {"id": m["id"], "file": m["file"], "line": m["line"], "column": m["column"], "op": m["op"],
                       "from": m["order"], "to": m["to"], "outcome": "survived", "checks_run": 0}
            for e in useful:
                # A hang is a kill: the unmutated run took base seconds; give the mutant 5x and 10 s more.
                bound = 5 * base_time[e["target"]] + 10
                status, rows, _ = _run_verifier(e, impl, {"GAUNTLET_MUTANT": m["id"]}, bound)
                verdict["checks_run"] += len(rows)
                failed = [r for r in rows if r["outcome"] == "failed"]
                if status is None:
                    verdict.update(outcome="killed", killed_by=f"{e['target']} (hang past {bound:.0f}s)")
                elif failed:
                    verdict.update(outcome="killed", killed_by=f"{e['target']} {failed[0]['check']}",
                                   message=failed[0].get("message", "")[:300])
                elif status not in (0, 1):
                    verdict.update(outcome="killed", killed_by=f"{e['target']} (exit status {status})")
                if verdict["outcome"] == "killed":
                    break
            if verdict["outcome"] == "survived":
                decided = decision_in_source(m)
                if decided:
                    verdict.update(outcome=decided[0], reason=decided[1])
                else:
                    unjustified += 1
            say(f"  [{n}/{len(mutants)}] {m['id']}: {verdict['outcome']}"
                + (f" by {verdict['killed_by']}" if verdict.get("killed_by") else ""))
            rows_out.append(verdict)
        killed = sum(1 for v in rows_out if v["outcome"] == "killed")
        equivalent = sum(1 for v in rows_out if v["outcome"] == "equivalent")
        justified = sum(1 for v in rows_out if v["outcome"] == "justified")
        scored = len(rows_out) - equivalent
        summary = {"name": impl, "sites": len(sites), "mutants": len(rows_out), "killed": killed,
                   "equivalent": equivalent, "justified": justified,
                   "survived": len(rows_out) - killed - equivalent - justified,
                   "score": (killed / scored) if scored else None,
                   "seconds": round(time.monotonic() - t_impl, 1), "verifiers": [e["target"] for e in useful],
                   "mutants_detail": rows_out}
        report["implementations"].append(summary)
        score = "n/a" if summary["score"] is None else f"{100 * summary['score']:.0f}%"
        say(f"mutate {family}/{impl}: {killed}/{scored} killed ({score}), {justified} justified, "
            f"{equivalent} equivalent, {summary['survived']} survived, {summary['seconds']}s")
        for v in rows_out:
            if v["outcome"] == "survived":
                print(f"{v['file']}:{v['line']}  {v['op']}  {v['from']} -> {v['to']}  survived {v['checks_run']} checks")
    ensure_dir(results_dir)
    out_path = out_path or os.path.join(results_dir, f"mutation_{family}.json")
    with open(out_path, "w") as f:
        json.dump(report, f, indent=2)
    say(f"mutate {family}: {unjustified} unjustified survivor(s) -> {os.path.relpath(out_path)}")
    return unjustified


def with_scores(rows, results_dir=RESULTS_DIR):
    """gauntlet-list rows, each with `mutation`: the last `mutate` run's score of
    that implementation ({killed, mutants, equivalent, justified, survived,
    score}), or null where none was measured."""
    found = {}
    for fam in {r["family"] for r in rows}:
        path = os.path.join(results_dir, f"mutation_{fam}.json")
        try:
            with open(path) as f:
                data = json.load(f)
        except (OSError, ValueError):
            continue
        for impl in data.get("implementations", []):
            found[(fam, impl.get("name"))] = {k: impl.get(k) for k in
                                              ("killed", "mutants", "equivalent", "justified", "survived", "score")}
    return [{**r, "mutation": found.get((r["family"], r["name"]))} for r in rows]
