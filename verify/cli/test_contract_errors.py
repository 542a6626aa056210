#!/usr/bin/env python3
"""The family contract is checked by the compiler, with an error that names the
class and what it lacks. Each probe in contract_probes/ breaks the contract one
way and must fail to compile with the expected words in the diagnostics; the
real family lists must compile (they do, or nothing else would build).

usage: test_contract_errors.py CXX"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PROBES = {
    "missing_member.cpp": ["LockWithoutTryShared", "try_lock_shared", "does not offer the family's interface"],
    "known_bad_without_catchers.cpp": ["UncaughtBadLock", "known-bad without caught_by"],
    "reference_not_listed.cpp": ["reference must be one of its implementations"],
}

cxx = sys.argv[1] if len(sys.argv) > 1 else "c++"
failures = []
for probe, words in PROBES.items():
    r = subprocess.run([cxx, "-std=c++20", "-fsyntax-only", "-I", ROOT, os.path.join(HERE, "contract_probes", probe)],
                       capture_output=True, text=True)
    missing = [w for w in words if w not in r.stderr]
    ok = r.returncode != 0 and not missing
    print(("ok   " if ok else "FAIL ") + f"{probe}: rejected, naming {', '.join(words)}"
          + ("" if ok else f" (exit {r.returncode}, missing {missing}; stderr: {r.stderr[-600:]})"))
    if not ok:
        failures.append(probe)
print(f"{len(PROBES) - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
