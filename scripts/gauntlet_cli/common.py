"""Small helpers shared by the subcommands: paths, messages, errors."""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPTS = os.path.join(ROOT, "scripts")
REPORT_DIR = os.path.join(ROOT, "reports", "latest")
RESULTS_DIR = os.path.join(REPORT_DIR, "results")

# Exit statuses shared by every command (check and sim add 1 and 2 for their verdicts).
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NOT_ENOUGH_DATA = 2  # compare: no benchmark had enough repetitions to be judged
EXIT_USAGE = 3


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit status 3."""


class StepFailed(Exception):
    """A step (build, benchmark, verifier) failed: reported, exit status 1."""


_T0 = time.monotonic()


def say(msg):
    """A progress line on stderr, with the time spent so far in this command."""
    elapsed = time.monotonic() - _T0
    print(f"[gauntlet] {int(elapsed // 60)}:{int(elapsed % 60):02d} {msg}", file=sys.stderr, flush=True)


def run(cmd, **kw):
    """Runs a command, echoing it; returns the CompletedProcess."""
    say("$ " + " ".join(cmd))
    return subprocess.run(cmd, **kw)


def ensure_dir(path):
    os.makedirs(path, exist_ok=True)
    return path
