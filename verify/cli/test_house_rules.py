#!/usr/bin/env python3
"""The house rules of CONTRIBUTING.md, checked on the tree so that they hold:

- implementation code (impls/, outside platform/ and peer adapters) names no
  std::atomic, no std::lock_guard / unique_lock / scoped_lock (the platform's
  lock_guard and unique_lock are mutation sites) and carries no #if: the
  platform layer is the one switch;
- every family list (impls/<folder>/family.hpp) runs the registry's contract
  check (GAUNTLET_FAMILY_CONTRACT or GAUNTLET_PROTOCOL_FAMILY);
- every project include names its tree from the repository root;
- dependencies run one way: a family's bench/ or verify/ folder includes
  impls/ and the libraries, never another family's folder, and bench/ never
  includes verify/;
- nested namespaces never reuse a library's name (gauntlet::raft::verify would
  hide gauntlet::verify);
- code and scripts cite no issue numbers (the word, a space, a number): a reader of the code
  cannot open them; say the claim itself;
- every wait in verify/ is bounded (no spin on a condition alone);
- Relacy suites run through verify::run_relacy, never rl::simulate;
- C++ sources are formatted with the tree's .clang-format (when clang-format
  is installed).
Run from anywhere; exits 1 naming every FILE:LINE that breaks a rule."""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIBRARIES = {"common", "lincheck", "sim", "cli", "report"}
CXX = (".hpp", ".cpp", ".h", ".in")
failures = []


def fail(path, line, what):
    failures.append(f"{os.path.relpath(path, ROOT)}:{line}: {what}")


def files_under(*tops, ext=CXX):
    for top in tops:
        for d, dirs, names in os.walk(os.path.join(ROOT, top)):
            dirs[:] = [x for x in dirs if x not in ("build", "__pycache__", "data", "fixtures")]
            for n in sorted(names):
                if n.endswith(ext):
                    yield os.path.join(d, n)


def lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


def is_peer_adapter(text):
    return "Kind::peer" in text and "Kind::ours" not in text and "Kind::known_bad" not in text


# 1. impls/: the platform layer is the one switch.
for path in files_under("impls"):
    rel = os.path.relpath(path, ROOT)
    if rel.startswith("impls/platform/"):
        continue
    text = "\n".join(lines(path))
    peer = is_peer_adapter(text)
    for i, line in enumerate(lines(path), 1):
        code = line.split("//", 1)[0]
        if re.match(r"\s*#\s*if", code):
            fail(path, i, "#if in implementation code: switch through impls/platform/ instead")
        if not peer and re.search(r"\bstd::atomic\b(?!_thread_fence)", code):
            fail(path, i, "std::atomic in implementation code: use gauntlet::atomic (impls/platform/platform.hpp)")
        if not peer and re.search(r"\bstd::(lock_guard|unique_lock|scoped_lock)\b", code):
            fail(path, i, "a std:: scoped lock in implementation code: use gauntlet::lock_guard or unique_lock "
                          "(impls/platform/platform.hpp), whose lines the mutation engine can drop")

# 2. Every family list runs the contract check.
for name in sorted(os.listdir(os.path.join(ROOT, "impls"))):
    fam = os.path.join(ROOT, "impls", name, "family.hpp")
    if name in ("platform", "registry") or not os.path.exists(fam):
        continue
    text = "\n".join(lines(fam))
    if "GAUNTLET_FAMILY_CONTRACT(" not in text and "GAUNTLET_PROTOCOL_FAMILY(" not in text:
        fail(fam, 1, "family list without the contract check (GAUNTLET_FAMILY_CONTRACT, impls/registry/registry.hpp)")

# 3-5. Includes name the tree; dependencies run one way; namespaces cannot collide.
include = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
nested = re.compile(r"^\s*namespace\s+gauntlet::\w+::(verify|bench|sim|lincheck)\b")
for path in files_under("impls", "bench", "verify", "tools"):
    rel = os.path.relpath(path, ROOT)
    top, folder = (rel.split("/") + ["", ""])[:2]
    for i, line in enumerate(lines(path), 1):
        m = include.match(line)
        if m:
            inc = m.group(1)
            parts = inc.split("/")
            if parts[0] not in ("impls", "bench", "verify", "tools") or not os.path.exists(os.path.join(ROOT, inc)):
                fail(path, i, f'include "{inc}" does not name a file from the repository root')
            elif top in ("bench", "verify") and folder not in LIBRARIES and len(parts) > 2:
                if parts[0] == "verify" and top == "bench":
                    fail(path, i, f'bench/ includes verify/ ("{inc}"): benchmarks use impls/ and bench/common only')
                elif parts[0] in ("bench", "verify") and parts[1] not in LIBRARIES and parts[1] != folder:
                    fail(path, i, f'{top}/{folder} includes another family\'s folder ("{inc}")')
        if nested.match(line):
            fail(path, i, "a nested namespace named like a library (verify, bench, sim, lincheck) hides it")

# 6. No issue numbers in code.
issue = re.compile(r"\b[Ii]ssues? ?#?\d+|\bthe issue\b")
for path in files_under("impls", "bench", "verify", "tools", "scripts", "cmake", ext=CXX + (".py", ".cmake", ".txt")):
    if os.path.basename(path) in ("CMakeLists.txt",) or path.endswith((".py", ".cmake")) or path.endswith(CXX):
        for i, line in enumerate(lines(path), 1):
            if issue.search(line):
                fail(path, i, "cites an issue: state the claim itself")

# 8. Every wait in a test or verifier is bounded: a spin on a condition alone
# hangs the suite when the awaited thing never happens (a lost wake-up, a
# stuck producer) instead of failing with a message.
spin = re.compile(r"\bwhile\s*\((.*)\)\s*std::this_thread::yield\(\);")
for path in files_under("verify"):
    text = lines(path)
    for i, line in enumerate(text, 1):
        m = spin.search(line.split("//", 1)[0])
        said = "bounded:" in line or (i > 1 and "bounded:" in text[i - 2])  # and why, in words
        if m and not said and not re.search(r"give_up|deadline|now\(\)", m.group(1)):
            fail(path, i, "an unbounded wait: use verify::eventually, retry_until or StartGate "
                          "(verify/common/bounded_wait.hpp), which give up and let the caller say what it waited for")

# 9. Relacy runs through run_relacy: rl::simulate compiles a suite against all
# three of Relacy's schedulers whatever it runs with (relacy_queue.cpp: 144 s against 74 s).
for path in files_under("verify", "examples"):
    for i, line in enumerate(lines(path), 1):
        if re.search(r"\brl::simulate\b", line.split("//", 1)[0]):
            fail(path, i, "rl::simulate: call verify::run_relacy (verify/common/relacy_runner.hpp), "
                          "which compiles the suite against the one scheduler it runs with")

# 7. Formatting.
clang_format = shutil.which("clang-format")
if clang_format and os.path.exists(os.path.join(ROOT, ".clang-format")):
    sources = [p for p in files_under("impls", "bench", "verify", "tools", ext=(".hpp", ".cpp", ".h"))]
    r = subprocess.run([clang_format, "--dry-run", "-Werror", *sources], capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        bad = sorted({l.split(":", 1)[0] for l in r.stderr.splitlines() if ": error:" in l})
        for b in bad:
            failures.append(f"{os.path.relpath(b, ROOT)}: not formatted (clang-format -i {os.path.relpath(b, ROOT)})")
else:
    print("skip formatting: clang-format or .clang-format missing")

for f in failures:
    print("FAIL " + f)
print(f"house rules: {0 if failures else 1} passed, {1 if failures else 0} failed ({len(failures)} problems)")
sys.exit(1 if failures else 0)
