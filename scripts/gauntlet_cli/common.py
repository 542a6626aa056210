"""Small helpers shared by the subcommands: paths, messages, errors."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPTS = os.path.join(ROOT, "scripts")
REPORT_DIR = os.path.join(ROOT, "reports", "latest")
RESULTS_DIR = os.path.join(REPORT_DIR, "results")

# Exit statuses shared by every command (check and sim add 1 and 2 for their verdicts).
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 3


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit status 3."""


class StepFailed(Exception):
    """A step (build, benchmark, verifier) failed: reported, exit status 1."""


def say(msg):
    print(f"[gauntlet] {msg}", file=sys.stderr, flush=True)


def run(cmd, **kw):
    """Runs a command, echoing it; returns the CompletedProcess."""
    say("$ " + " ".join(cmd))
    return subprocess.run(cmd, **kw)


def ensure_dir(path):
    os.makedirs(path, exist_ok=True)
    return path
