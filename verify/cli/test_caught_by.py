#!/usr/bin/env python3
"""`verify` turns a check that a known-bad variant's caught_by names, but that
no verifier ran, into a `missed` row: renaming or dropping a check must not let
the variant escape silently."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "scripts", "gauntlet_cli"))

from verify import unrun_catchers  # noqa: E402

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


impls = [
    {"family": "ring", "name": "lap", "kind": "known-bad", "caught_by": ["fifo-wrap", "renamed-check"]},
    {"family": "ring", "name": "good", "kind": "ours", "caught_by": []},
    {"family": "queue", "name": "other", "kind": "known-bad", "caught_by": ["x"]},
]
rows = [
    {"family": "ring", "name": "lap", "check": "fifo-wrap", "outcome": "caught"},
    {"family": "ring", "name": "good", "check": "fifo-wrap", "outcome": "passed"},
]
added = unrun_catchers(impls, rows, {"ring"})
check(len(added) == 1, f"one row added (got {len(added)})")
check(added and added[0]["name"] == "lap" and added[0]["check"] == "renamed-check"
      and added[0]["outcome"] == "missed", "the unrun named check is a missed row of the variant")
check(all(r["family"] == "ring" for r in added), "families that did not run are left alone")
rows.append({"family": "ring", "name": "lap", "check": "renamed-check", "outcome": "caught"})
check(unrun_catchers(impls, rows, {"ring"}) == [], "nothing added when every named check ran")

print(f"{4 - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
