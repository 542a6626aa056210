"""`gauntlet merge DIR... --out DIR`: joins results folders into one.

What a CI matrix produces when it splits a sweep (`verify --shard K/N`,
`sim ... --shard K/N --json-out`): one folder per part. Row files are joined
and sorted, so the merged folder is the same whatever the split:
- verify.json: rows sorted by (family, name, check);
- per-run row files (a JSON array of objects that all have "seed", as
  `sim --json-out` writes them): sorted by (protocol, variant, seed), one row
  per line, byte for byte the format the simulator writes.
Every other file (bench_*.json, list.json, ...) must come from one folder, or
be identical where several have it; machine.json must agree on what `compare`
checks. A known-bad variant's catcher that no part ran becomes a `missed` row,
as `verify` adds when it runs unsharded.
"""
import filecmp
import json
import os
import shutil

from common import UsageError, say
from compare import MACHINE_KEYS, load_json, machine_differences
from verify import unrun_catchers


def _is_run_rows(data):
    return isinstance(data, list) and data and all(isinstance(r, dict) and "seed" in r for r in data)


def write_run_rows(path, rows):
    with open(path, "w") as f:
        f.write("[" + ",".join("\n" + json.dumps(r) for r in rows) + ("\n]\n" if rows else "]\n"))


def merge(dirs, out):
    for d in dirs:
        if not os.path.isdir(d):
            raise UsageError(f"{d}: not a results folder")
        if os.path.abspath(d) == os.path.abspath(out):
            raise UsageError(f"--out {out} is one of the folders being merged")
    names = {}
    for d in dirs:
        for f in sorted(os.listdir(d)):
            if os.path.isfile(os.path.join(d, f)):
                names.setdefault(f, []).append(os.path.join(d, f))
    if not names:
        raise UsageError(f"nothing to merge in {', '.join(dirs)}")
    machines = [(p, load_json(p)) for p in names.get("machine.json", [])]
    for p, m in machines[1:]:
        diffs = machine_differences(machines[0][1], m)
        if diffs:
            raise UsageError(f"{machines[0][0]} and {p} come from different machines ({'; '.join(diffs)})")
    os.makedirs(out, exist_ok=True)
    verify_rows = []
    for f, paths in sorted(names.items()):
        target = os.path.join(out, f)
        if f == "verify.json":
            for p in paths:
                rows = load_json(p)
                if not isinstance(rows, list):
                    raise UsageError(f"{p}:1: not a list of verification rows")
                verify_rows += rows
            continue
        if f.endswith(".json") and len(paths) > 1:
            data = [load_json(p) for p in paths]
            if all(_is_run_rows(x) for x in data):
                rows = sorted((r for x in data for r in x),
                              key=lambda r: (str(r.get("protocol", "")), str(r.get("variant", "")), r["seed"]))
                write_run_rows(target, rows)
                continue
        if f == "machine.json":
            shutil.copyfile(paths[0], target)  # they agree on MACHINE_KEYS; the first one's date and commit
            continue
        for p in paths[1:]:
            if not filecmp.cmp(paths[0], p, shallow=False):
                raise UsageError(f"{paths[0]} and {p} differ: which one is the merged run's is not knowable")
        shutil.copyfile(paths[0], target)
    if "verify.json" in names:
        listing = os.path.join(out, "list.json")
        if os.path.exists(listing):
            ran = {r.get("family") for r in verify_rows}
            verify_rows += unrun_catchers(load_json(listing), verify_rows, ran)
        verify_rows.sort(key=lambda r: (str(r.get("family")), str(r.get("name")), str(r.get("check"))))
        with open(os.path.join(out, "verify.json"), "w") as f:
            json.dump(verify_rows, f, indent=2)
    say(f"merged {len(dirs)} folder(s), {len(names)} file name(s) -> {out}"
        + (f" (machine keys checked: {', '.join(MACHINE_KEYS)})" if len(machines) > 1 else ""))
