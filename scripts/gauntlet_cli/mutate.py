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
import re
import shutil
import subprocess
import tempfile
import time

from build import build, manifest
from common import RESULTS_DIR, ROOT, StepFailed, UsageError, ensure_dir, say
from verify import run_verifier

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
    """(status, IMPL's rows, seconds): status None when it ran past timeout_s."""
    status, rows, elapsed = run_verifier(entry["path"], ["--depth", "ci", "--only", impl], timeout_s,
                                         env=dict(os.environ, **env_extra), quiet=True)
    return status, [r for r in rows if r.get("name") == impl], elapsed


def _record_sites(entries, impl):
    """Runs each verifier once, unmutated, recording the sites IMPL executes:
    (sites, seconds per verifier, the verifiers that checked IMPL at all: only
    those can kill its mutants)."""
    sites, base_time, useful = {}, {}, []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "sites.txt")
        for e in entries:
            status, rows, secs = _run_verifier(e, impl, {"GAUNTLET_MUTATION_SITES": path}, 600)
            if status not in (0, 1) or any(r["outcome"] in ("failed", "missed") for r in rows):
                raise StepFailed(f"{e['target']} --only {impl} does not pass unmutated (status {status})")
            base_time[e["target"]] = secs
            if rows:
                useful.append(e)
        if os.path.exists(path):
            with open(path) as f:
                for s in map(parse_site, f):
                    if s:
                        sites[(s["file"], s["line"], s["column"], s["op"], s["order"])] = s
    return list(sites.values()), base_time, useful


def _write_report(report, path):
    ensure_dir(os.path.dirname(os.path.abspath(path)))
    with open(path, "w") as f:
        json.dump(report, f, indent=2)
    return path


def _decide_survivor(verdict, m):
    """A survivor the source decides becomes justified or equivalent; 1 when it stays unjustified."""
    if verdict["outcome"] != "survived":
        return 0
    decided = decision_in_source(m)
    if decided:
        verdict.update(outcome=decided[0], reason=decided[1])
        return 0
    return 1


def _first_kill(entries, impl, env, bound, verdict):
    """Runs the verifiers in order until one fails the implementation, hangs
    past bound(entry) seconds or crashes: {killed_by, message}, or None when
    every one passes. Counts the checks run into verdict["checks_run"]."""
    for e in entries:
        limit = bound(e)
        status, rows, _ = _run_verifier(e, impl, env, limit)
        verdict["checks_run"] = verdict.get("checks_run", 0) + len(rows)
        failed = [r for r in rows if r["outcome"] == "failed"]
        if status is None:
            return {"killed_by": f"{e['target']} (hang past {limit:.0f}s)"}
        if failed:
            return {"killed_by": f"{e['target']} {failed[0]['check']}", "message": failed[0].get("message", "")[:300]}
        if status not in (0, 1):
            return {"killed_by": f"{e['target']} (exit status {status})"}
    return None


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
        sites, base_time, useful = _record_sites(entries, impl)
        mutants = mutants_of(sites)
        say(f"mutate {family}/{impl}: {len(sites)} sites, {len(mutants)} mutants")
        rows_out = []
        t_impl = time.monotonic()
        for n, m in enumerate(mutants, 1):
            verdict = {"id": m["id"], "file": m["file"], "line": m["line"], "column": m["column"], "op": m["op"],
                       "from": m["order"], "to": m["to"], "outcome": "survived", "checks_run": 0}
            # A hang is a kill: the unmutated run took base seconds; give the mutant 5x and 10 s more.
            kill = _first_kill(useful, impl, {"GAUNTLET_MUTANT": m["id"]},
                               lambda e: 5 * base_time[e["target"]] + 10, verdict)
            if kill:
                verdict.update(outcome="killed", **kill)
            unjustified += _decide_survivor(verdict, m)
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
    out_path = _write_report(report, out_path or os.path.join(results_dir, f"mutation_{family}.json"))
    say(f"mutate {family}: {unjustified} unjustified survivor(s) -> {os.path.relpath(out_path)}")
    return unjustified


def run_mutate_families(preset, families, implementations, results_dir=RESULTS_DIR):
    """The full sweep `run` ends with: every family that has verifiers and an
    implementation of ours. Returns the unjustified survivors of all of them."""
    verified = {e["family"] for e in manifest(preset) if e["kind"] == "verify"}
    bad = 0
    for fam in families:
        if fam in verified and any(r["family"] == fam and r["kind"] == "ours" for r in implementations):
            bad += run_mutate(fam, [], results_dir)
    return bad


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


# The source mutator: decisions the platform layer cannot reach. Each rule is
# (name, pattern, replacement), applied at one match at a time, in file order.

SOURCE_RULES = [
    ("< to <=", re.compile(r"(?<![<\-\s])\s<\s(?![<=])"), " <= "),
    ("<= to <", re.compile(r"\s<=\s"), " < "),
    ("> to >=", re.compile(r"(?<![>\-])\s>\s(?![>=])"), " >= "),
    (">= to >", re.compile(r"\s>=\s"), " > "),
    ("+ 1 dropped", re.compile(r"\s\+\s1\b(?!\.)"), ""),
    ("- 1 dropped", re.compile(r"\s-\s1\b(?!\.)"), ""),
    ("wake-up deleted", re.compile(r"(?:\w+(?:->|\.))*(?:futex_wake_(?:one|all)\([^;]*\)|notify(?:_one|_all)?\(\));"), ";"),
]
SKIP_LINE = re.compile(r"^\s*(//|#|static_assert|template\s*<)")


def source_mutants(files):
    """Every source mutant of these files, in a fixed order: (file, line, rule, before, after, id)."""
    out = []
    for path in sorted(files):
        try:
            with open(os.path.join(ROOT, path)) as f:
                lines = f.read().split("\n")
        except OSError:
            continue
        for n, text in enumerate(lines, 1):
            code = text.split("//", 1)[0]
            if SKIP_LINE.match(code) or "#include" in code:
                continue
            for name, pattern, repl in SOURCE_RULES:
                for k, m in enumerate(pattern.finditer(code)):
                    after = code[:m.start()] + (pattern.sub(repl, m.group(0)) if repl != ";" else ";") + code[m.end():]
                    if after == code:
                        continue
                    out.append({"file": path, "line": n, "rule": name, "before": text.strip(),
                                "after": after.strip(), "id": f"{path}:{n}:{name.replace(' ', '_')}:{k}",
                                "new_line": after + text[len(code):]})
    return out


def run_source_mutate(family, impls, build_dir, results_dir=RESULTS_DIR, out_path=None, limit=None):
    """Builds each source mutant through an overlay folder (GAUNTLET_OVERLAY_DIR:
    the mutated file shadows the tree's, which is never edited) and reruns the
    family's verifiers on it. The files mutated are those the implementation
    executes (recorded as for the memory-order sweep). Returns unjustified survivors."""
    overlay = os.path.join(build_dir, "overlay")
    if not os.path.exists(os.path.join(build_dir, "build.ninja")):
        r = subprocess.run(["cmake", "--preset", PRESET, "-B", build_dir, f"-DGAUNTLET_OVERLAY_DIR={overlay}"],
                           cwd=ROOT, stdout=subprocess.DEVNULL)
        if r.returncode != 0:
            raise StepFailed("configuring the source-mutation build failed")
    # The manifest and gauntlet-list come from this build, for this sweep only.
    saved = os.environ.get("GAUNTLET_BUILD_DIR")
    os.environ["GAUNTLET_BUILD_DIR"] = build_dir
    try:
        return _source_sweep(family, impls, build_dir, overlay, results_dir, out_path, limit)
    finally:
        if saved is None:
            os.environ.pop("GAUNTLET_BUILD_DIR", None)
        else:
            os.environ["GAUNTLET_BUILD_DIR"] = saved


def _source_sweep(family, impls, build_dir, overlay, results_dir, out_path, limit):
    entries = [e for e in manifest(PRESET) if e["kind"] == "verify" and e["family"] == family]
    targets = [e["target"] for e in entries] + ["gauntlet-list"]

    def rebuild():
        r = subprocess.run(["cmake", "--build", build_dir, "--target", *targets], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return r.returncode == 0

    shutil.rmtree(overlay, ignore_errors=True)
    os.makedirs(overlay)
    if not rebuild():
        raise StepFailed("the source-mutation build does not build unmutated")
    known = {r["name"]: r for r in _implementations(PRESET, family)}
    impls = impls or [n for n, r in known.items() if r["kind"] == "ours"]
    report = {"family": family, "kind": "source", "implementations": []}
    unjustified = 0
    for impl in impls:
        sites, _, useful = _record_sites(entries, impl)
        files = {site["file"] for site in sites}
        mutants = source_mutants(files)[:limit] if limit else source_mutants(files)
        say(f"source-mutate {family}/{impl}: {len(files)} files, {len(mutants)} mutants")
        rows = []
        for n, m in enumerate(mutants, 1):
            target = os.path.join(overlay, m["file"])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(os.path.join(ROOT, m["file"])) as f:
                lines = f.read().split("\n")
            lines[m["line"] - 1] = m["new_line"]
            with open(target, "w") as f:
                f.write("\n".join(lines))
            # The build knows the tree's file as the dependency, not the new
            # overlay one: a fresh mtime on the tree's file (content untouched)
            # makes it recompile what includes it, and the overlay wins.
            os.utime(os.path.join(ROOT, m["file"]))
            verdict = {k: m[k] for k in ("id", "file", "line", "rule", "before", "after")}
            if not rebuild():
                verdict["outcome"] = "stillborn"  # does not compile: not a mutant anyone could ship
            else:
                verdict["outcome"] = "survived"
                kill = _first_kill(useful, impl, {}, lambda e: 300, verdict)
                if kill:
                    verdict.update(outcome="killed", **kill)
            os.unlink(target)
            os.utime(os.path.join(ROOT, m["file"]))
            unjustified += _decide_survivor(verdict, m)
            say(f"  [{n}/{len(mutants)}] {m['file']}:{m['line']} {m['rule']}: {verdict['outcome']}"
                + (f" by {verdict['killed_by']}" if verdict.get("killed_by") else ""))
            rows.append(verdict)
        rebuild()  # back to the unmutated binaries
        live = [v for v in rows if v["outcome"] != "stillborn"]
        killed = sum(1 for v in live if v["outcome"] == "killed")
        report["implementations"].append({"name": impl, "mutants": len(live), "killed": killed,
                                          "stillborn": len(rows) - len(live),
                                          "survived": sum(1 for v in live if v["outcome"] == "survived"),
                                          "mutants_detail": rows})
        say(f"source-mutate {family}/{impl}: {killed}/{len(live)} killed")
        for v in live:
            if v["outcome"] == "survived":
                print(f"{v['file']}:{v['line']}  {v['rule']}  `{v['before']}` -> `{v['after']}`  survived")
    out_path = _write_report(report, out_path or os.path.join(results_dir, f"source_mutation_{family}.json"))
    say(f"source-mutate {family}: {unjustified} unjustified survivor(s) -> {os.path.relpath(out_path)}")
    return unjustified
