"""`gauntlet mutate FAMILY [IMPL...]`: how many small bugs the family's checks catch.

1. Record: run the family's verifiers once per implementation (`--only IMPL`)
   in the `mutate` build, where the platform layer writes down every site it
   executes (file, line, column, operation, declared order:
   impls/platform/mutation.hpp).
2. Enumerate, in a fixed order, every weaker choice at every site: seq_cst to
   acq_rel (read-modify-writes), acquire (loads) or release (stores); acq_rel
   to acquire or release; acquire and release to relaxed; a fence removed; a
   wake-up dropped; a scoped lock (lock_guard) dropped; a read-modify-write split into a load and a store (`split`,
   at any order: another thread's update between them is lost). Each mutant has an id (FILE:LINE:COLUMN:OP:FROM>TO) and
   replays from it: GAUNTLET_MUTANT=ID VERIFIER --only IMPL.
3. Kill: rerun the verifiers with only that site weakened. A mutant is
   `killed` when a check fails for the implementation (or a verifier crashes
   or hangs past its bound: a dropped wake-up usually hangs), and `survived`
   when every check passes.
4. The ThreadSanitizer leg: a mutant that every check of the `mutate` build
   let through (Relacy, stress, linearizability) runs once more, under the
   same verifiers built with -fsanitize=thread (preset `mutate-tsan`), where
   a weakened order that leaves plain data unprotected is a data race on real
   threads. That build is made only when some mutant needs it.

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
TSAN_PRESET = "mutate-tsan"
# Mutants per order: what "one step weaker" means for each kind of site.
WEAKER = {
    "load": {"seq_cst": ["acquire"], "acquire": ["relaxed"], "consume": ["relaxed"]},
    "store": {"seq_cst": ["release"], "release": ["relaxed"]},
    # A read-modify-write may also be split into a load and a store, its
    # orders kept: the lost update of a hand-rolled counter, at any order.
    "rmw": {"seq_cst": ["acq_rel", "split"], "acq_rel": ["acquire", "release", "split"],
            "acquire": ["relaxed", "split"], "release": ["relaxed", "split"], "relaxed": ["split"]},
    "cas": {"seq_cst": ["acq_rel"], "acq_rel": ["acquire", "release"], "acquire": ["relaxed"],
            "release": ["relaxed"]},
    "fence": {o: ["drop"] for o in ("seq_cst", "acq_rel", "acquire", "release")},
    "wake": {"seq_cst": ["drop"]},
    # A scoped lock (platform lock_guard) that neither locks nor unlocks.
    "lock": {"seq_cst": ["drop"]},
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


def _run_verifier(entry, impl, env_extra, timeout_s, first_failure=False):
    """(status, IMPL's rows, seconds): status None when it ran past timeout_s.
    first_failure: the verifier stops at its first failed row (a kill needs
    one; the checks after it would only cost time)."""
    args = ["--depth", "ci", "--only", impl] + (["--first-failure"] if first_failure else [])
    status, rows, elapsed = run_verifier(entry["path"], args, timeout_s, env=dict(os.environ, **env_extra),
                                         quiet=True)
    return status, [r for r in rows if r.get("name") == impl], elapsed


def _record_sites(entries, impl):
    """Runs each verifier once, unmutated, recording the sites IMPL executes:
    (sites, seconds per verifier, the verifiers that checked IMPL at all: only
    those can kill its mutants)."""
    sites = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "sites.txt")
        base_time, useful = _baseline(entries, impl, "",
                                      lambda e: _run_verifier(e, impl, {"GAUNTLET_MUTATION_SITES": path}, 600) + ("",))
        if os.path.exists(path):
            with open(path) as f:
                for s in map(parse_site, f):
                    if s:
                        sites[(s["file"], s["line"], s["column"], s["op"], s["order"])] = s
    return list(sites.values()), base_time, useful


def _baseline(entries, impl, where, run_one):
    """Runs each verifier once unmutated (run_one(entry) -> (status, rows,
    seconds, report)): (seconds per verifier, the verifiers that checked IMPL
    at all: only those can kill its mutants). A verifier that does not pass
    unmutated stops the sweep: no mutant's verdict would mean anything."""
    base_time, useful = {}, []
    for e in entries:
        status, rows, secs, report = run_one(e)
        if status not in (0, 1) or any(r["outcome"] in ("failed", "missed") for r in rows):
            raise StepFailed(f"{where}{e['target']} --only {impl} does not pass unmutated (status {status})"
                             + (f": {report}" if report else ""))
        base_time[e["target"]] = secs
        if rows:
            useful.append(e)
    return base_time, useful


def hang_bound(base_seconds):
    """A hang is a kill. The verifiers do the same work whatever the mutant
    (fixed iterations and seeds), so 3x the unmutated time and 10 s of slack
    for a shared machine is no verdict on speed, and a hung mutant costs a
    bounded wait instead of minutes."""
    return 3 * base_seconds + 10


def _write_report(report, path):
    ensure_dir(os.path.dirname(os.path.abspath(path)))
    with open(path, "w") as f:
        json.dump(report, f, indent=2)
    return path


def _decide_survivor(verdict, decided):
    """A survivor the source decides (decision_in_source) becomes justified or
    equivalent; 1 when it stays unjustified."""
    if verdict["outcome"] != "survived":
        return 0
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
        status, rows, _ = _run_verifier(e, impl, env, limit, first_failure=True)
        verdict["checks_run"] = verdict.get("checks_run", 0) + len(rows)
        kill = _kill_of(e["target"], status, rows, limit)
        if kill:
            return kill
    return None


def _kill_of(where, status, rows, limit):
    """What one verifier run says of a mutant: {killed_by, message} or None."""
    failed = [r for r in rows if r["outcome"] == "failed"]
    if status is None:
        return {"killed_by": f"{where} (hang past {limit:.0f}s)"}
    if failed:
        return {"killed_by": f"{where} {failed[0]['check']}", "message": failed[0].get("message", "")[:300]}
    if status not in (0, 1):
        return {"killed_by": f"{where} (exit status {status})"}
    return None


def _implementations(preset, family):
    from families import implementations
    return [r for r in implementations(preset) if r["family"] == family]


def _folder_family(path):
    """The family whose folder holds this file (impls/<folder>/...), or None
    for the platform layer and anything outside impls/."""
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != "impls" or parts[1] in ("platform", "registry"):
        return None
    return {"twopc": "2pc"}.get(parts[1], parts[1])


def _platform_users(path):
    """Families whose impls/<folder>/ headers include this platform file by name
    (the platform's own entry point is everywhere and not counted)."""
    out = set()
    if path.endswith(("/platform.hpp", "_backend.hpp", "/mutation.hpp", "/mutating_atomic.hpp")):
        return out
    impls = os.path.join(ROOT, "impls")
    for folder in sorted(os.listdir(impls)):
        if folder in ("platform", "registry") or not os.path.isdir(os.path.join(impls, folder)):
            continue
        for name in os.listdir(os.path.join(impls, folder)):
            try:
                with open(os.path.join(impls, folder, name)) as f:
                    if f'#include "{path}"' in f.read():
                        out.add(_folder_family(f"impls/{folder}/{name}"))
                        break
            except (OSError, UnicodeDecodeError):
                continue
    return out


class ForeignKillers:
    """An implementation built on another family's code (batch-mpmc on the
    queue family's MPMC queue) executes that family's sites too. Its own
    family's checks are about batching; a weakened order inside the queue is
    the queue family's checks' to catch. So a mutant at a site outside the
    implementation's family folder is also run against the verifiers of the
    families whose implementations execute that same site, each with --only
    the implementation that does: "killed" then says by which family's check.
    A site of a shared platform file (the event count) faces every
    implementation that runs it, the own family's others too: a split waiter
    count only shows where two threads wait at once, which a single-consumer
    queue never has but its users' close() and the MPMC queue do. Each
    implementation is recorded when first needed, once per sweep."""

    def __init__(self):
        self._recorded = {}  # (family, impl) -> (site keys, base_time, useful verifiers)

    def families_of(self, sites, family):
        """The other families whose code this implementation runs, and those
        that build on the same platform files (the event count under both the
        queue and the ring wrappers)."""
        found = {_folder_family(s["file"]) for s in sites} - {family}
        for f in {s["file"] for s in sites if s["file"].startswith("impls/platform/")}:
            found |= _platform_users(f)  # the own family too: its other implementations
        return sorted(f for f in found if f)

    def targets(self, families):
        return [e["target"] for e in manifest(PRESET) if e["kind"] == "verify" and e["family"] in families]

    def _recordings(self, family):
        """Each of the family's implementations of ours, recorded when first needed."""
        entries = [e for e in manifest(PRESET) if e["kind"] == "verify" and e["family"] == family]
        for impl in [r["name"] for r in _implementations(PRESET, family) if r["kind"] == "ours"]:
            if (family, impl) not in self._recorded:
                say(f"mutate: recording {family}/{impl}, whose checks also see the sites it shares")
                sites, base_time, useful = _record_sites(entries, impl)
                keys = {(s["file"], s["line"], s["column"], s["op"], s["order"]) for s in sites}
                self._recorded[(family, impl)] = (keys, base_time, useful)
            yield (impl, *self._recorded[(family, impl)])

    def kill(self, families, m, verdict, skip):
        key = (m["file"], m["line"], m["column"], m["op"], m["order"])
        for fam in families:
            if fam == skip[0] and not m["file"].startswith("impls/platform/"):
                continue  # the family's own code: its own implementation's checks decide
            for impl, keys, base_time, useful in self._recordings(fam):
                if key not in keys or (fam, impl) == skip:
                    continue
                kill = _first_kill(useful, impl, {"GAUNTLET_MUTANT": m["id"]},
                                   lambda e: hang_bound(base_time[e["target"]]), verdict)
                if kill:
                    kill["killed_by"] = f"{fam}/{impl}: {kill['killed_by']}"
                    return kill
        return None


class TsanLeg:
    """The last leg, ThreadSanitizer, for one family: its verifiers built in
    the `mutate-tsan` preset (no Relacy there), each implementation recorded
    unmutated under TSan first (its times bound a mutant's hang, and a race
    there is a finding of its own, not a kill). Built on first use only: a
    family whose every mutant the other legs kill never pays for it."""

    def __init__(self, family):
        self.family = family
        self._entries = None
        self._recorded = {}  # impl -> (base_time, useful verifiers)

    @staticmethod
    def _env(log_prefix, mutant=None):
        supp = os.path.join(ROOT, "verify", "common", "tsan_peers.supp")
        # halt_on_error: the first race ends the run, so a kill costs one report.
        env = {"TSAN_OPTIONS": f"halt_on_error=1 exitcode=66 log_path={log_prefix} suppressions={supp}"}
        if mutant:
            env["GAUNTLET_MUTANT"] = mutant
        return env

    @staticmethod
    def _report(log_prefix):
        """The warning and summary lines of what TSan wrote (to PREFIX.PID), or ''."""
        folder, base = os.path.split(log_prefix)
        found = []
        for name in sorted(os.listdir(folder)):
            if name.startswith(base + "."):
                with open(os.path.join(folder, name), errors="replace") as f:
                    found += [ln.strip() for ln in f if ln.startswith(("WARNING: ThreadSanitizer", "SUMMARY:"))]
        return " / ".join(found[:2]).replace(ROOT + os.sep, "")

    def _run(self, entry, impl, mutant, timeout_s, first_failure):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "tsan")
            status, rows, secs = _run_verifier(entry, impl, self._env(log, mutant), timeout_s, first_failure)
            return status, rows, secs, self._report(log)

    def _prepare(self, impl):
        if self._entries is None:
            self._entries = [e for e in manifest(TSAN_PRESET) if e["kind"] == "verify" and e["family"] == self.family]
            say(f"mutate {self.family}: a mutant survived the other legs; building the ThreadSanitizer leg")
            build(TSAN_PRESET, [e["target"] for e in self._entries])
        if impl not in self._recorded:
            self._recorded[impl] = _baseline(self._entries, impl, "under ThreadSanitizer, ",
                                             lambda e: self._run(e, impl, None, 1800, False))
        return self._recorded[impl]

    def kill(self, impl, m, verdict):
        """{killed_by, message} when a verifier under TSan fails, races, crashes or hangs; else None."""
        base_time, useful = self._prepare(impl)
        verdict.setdefault("tsan_checks_run", 0)
        for e in useful:
            limit = hang_bound(base_time[e["target"]])
            status, rows, _, report = self._run(e, impl, m["id"], limit, True)
            verdict["tsan_checks_run"] += len(rows)
            where = f"tsan: {e['target']}"
            if report:
                return {"killed_by": f"{where} (ThreadSanitizer report)", "message": report[:300]}
            kill = _kill_of(where, status, rows, limit)
            if kill:
                return kill
        return None


def run_mutate(family, impls, results_dir=RESULTS_DIR, out_path=None, tsan=True):
    """Returns the number of unjustified survivors. tsan: a mutant that
    survives the checks of the `mutate` build also faces TSan's."""
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
    foreign = ForeignKillers()
    tsan_leg = TsanLeg(family) if tsan else None
    for impl in impls:
        say(f"mutate {family}/{impl}: recording sites")
        sites, base_time, useful = _record_sites(entries, impl)
        mutants = mutants_of(sites)
        others = foreign.families_of(sites, family)
        if others:
            build(PRESET, foreign.targets(others))
        say(f"mutate {family}/{impl}: {len(sites)} sites, {len(mutants)} mutants"
            + (f"; shared sites also face the checks of {', '.join(others)}" if others else ""))
        rows_out = []
        t_impl = time.monotonic()
        for n, m in enumerate(mutants, 1):
            verdict = {"id": m["id"], "file": m["file"], "line": m["line"], "column": m["column"], "op": m["op"],
                       "from": m["order"], "to": m["to"], "outcome": "survived", "checks_run": 0}
            kill = _first_kill(useful, impl, {"GAUNTLET_MUTANT": m["id"]},
                               lambda e: hang_bound(base_time[e["target"]]), verdict)
            if not kill and others and _folder_family(m["file"]) != family:
                kill = foreign.kill(others, m, verdict, (family, impl))
            decided = decision_in_source(m)
            # An equivalent mutant means the same program: no leg can kill it.
            if not kill and tsan_leg and not (decided and decided[0] == "equivalent"):
                kill = tsan_leg.kill(impl, m, verdict)
            if kill:
                verdict.update(outcome="killed", **kill)
            unjustified += _decide_survivor(verdict, decided)
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
                under_tsan = f" ({v['tsan_checks_run']} more under TSan)" if "tsan_checks_run" in v else ""
                print(f"{v['file']}:{v['line']}  {v['op']}  {v['from']} -> {v['to']}  "
                      f"survived {v['checks_run']} checks{under_tsan}")
    out_path = _write_report(report, out_path or os.path.join(results_dir, f"mutation_{family}.json"))
    say(f"mutate {family}: {unjustified} unjustified survivor(s) -> {os.path.relpath(out_path)}")
    return unjustified


def run_mutate_families(preset, families, implementations, results_dir=RESULTS_DIR, tsan=True):
    """The full sweep `run` ends with: every family that has verifiers and an
    implementation of ours. Returns the unjustified survivors of all of them."""
    verified = {e["family"] for e in manifest(preset) if e["kind"] == "verify"}
    bad = 0
    for fam in families:
        if fam in verified and any(r["family"] == fam and r["kind"] == "ours" for r in implementations):
            bad += run_mutate(fam, [], results_dir, tsan=tsan)
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
    # An assignment that arms or re-arms a deadline or timer, deleted.
    ("timer re-arm deleted", re.compile(r"\b\w*(?:deadline|timer)\w*\s*=(?!=)[^;]*;"), ";"),
]
# Two adjacent expression statements (same indentation, neither a declaration
# nor control flow) are also swapped: the order of a publish and a write, of a
# store and a wake-up.
STATEMENT = re.compile(r"^(\s*)(?!return\b|if\b|for\b|while\b|else\b|case\b|break\b|continue\b|using\b|"
                       r"static\b|const\b|auto\b)[\w.:>\-\[\]()]+(?:\(.*\)|\s*[-+|&]?=(?!=).*|\+\+|--);\s*$")
DECLARATION = re.compile(r"^\s*[\w:<>,]+[\s*&]+\w+\s*(?:[=({;]|$)")
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
            if n < len(lines) and _swappable(text, lines[n]):
                out.append({"file": path, "line": n, "rule": "statements swapped",
                            "before": f"{text.strip()} {lines[n].strip()}",
                            "after": f"{lines[n].strip()} {text.strip()}", "id": f"{path}:{n}:statements_swapped:0",
                            "new_line": lines[n], "next_line": text})
    return out


def _swappable(a, b):
    """Two adjacent lines that are each one expression statement at the same indentation."""
    ma, mb = STATEMENT.match(a.split("//", 1)[0]), STATEMENT.match(b.split("//", 1)[0])
    if not (ma and mb) or ma.group(1) != mb.group(1) or a.strip() == b.strip():
        return False
    return not DECLARATION.match(a) and not DECLARATION.match(b)


def run_source_mutate(family, impls, build_dir, results_dir=RESULTS_DIR, out_path=None, limit=None, only_files=None):
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
        return _source_sweep(family, impls, build_dir, overlay, results_dir, out_path, limit, only_files)
    finally:
        if saved is None:
            os.environ.pop("GAUNTLET_BUILD_DIR", None)
        else:
            os.environ["GAUNTLET_BUILD_DIR"] = saved


def _source_sweep(family, impls, build_dir, overlay, results_dir, out_path, limit, only_files=None):
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
        sites, base_time, useful = _record_sites(entries, impl)
        files = {site["file"] for site in sites}
        if only_files:
            wanted = {os.path.normpath(f) for f in only_files}
            if not wanted & files:
                raise UsageError(f"{family}/{impl} executes none of {', '.join(sorted(wanted))}; its files: "
                                 + ", ".join(sorted(files)))
            files &= wanted
        mutants = source_mutants(files)[:limit] if limit else source_mutants(files)
        say(f"source-mutate {family}/{impl}: {len(files)} files, {len(mutants)} mutants")
        rows = []
        for n, m in enumerate(mutants, 1):
            target = os.path.join(overlay, m["file"])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(os.path.join(ROOT, m["file"])) as f:
                lines = f.read().split("\n")
            lines[m["line"] - 1] = m["new_line"]
            if "next_line" in m:
                lines[m["line"]] = m["next_line"]
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
                # The memory-order sweep's bound: a hung mutant (a lost wake-up) costs
                # seconds, not the minutes a fixed bound took.
                kill = _first_kill(useful, impl, {}, lambda e: hang_bound(base_time[e["target"]]), verdict)
                if kill:
                    verdict.update(outcome="killed", **kill)
            os.unlink(target)
            os.utime(os.path.join(ROOT, m["file"]))
            unjustified += _decide_survivor(verdict, decision_in_source(m))
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
