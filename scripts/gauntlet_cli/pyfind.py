"""Finding a Python interpreter that has Matplotlib.

`python3` on PATH may be a private interpreter without it (pyenv, a venv);
Debian's /usr/bin/python3 has it once python3-matplotlib is installed.
"""
import shutil
import subprocess
import sys

from common import StepFailed


def matplotlib_python():
    candidates = [sys.executable, "/usr/bin/python3", shutil.which("python3") or ""]
    tried = []
    for py in dict.fromkeys(c for c in candidates if c):
        tried.append(py)
        try:
            r = subprocess.run([py, "-c", "import matplotlib"], capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            continue
        if r.returncode == 0:
            return py
    raise StepFailed("no Python interpreter with Matplotlib found (tried "
                     + ", ".join(tried) + "); install it: apt-get install python3-matplotlib")
