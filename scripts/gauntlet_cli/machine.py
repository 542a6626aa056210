"""What the run was measured on, for the report: CPU, cores, compiler, flags, kernel."""
import datetime
import json
import os
import platform
import re
import subprocess

from build import build_dir
from common import ROOT


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _cache(preset, key):
    try:
        with open(os.path.join(build_dir(preset), "CMakeCache.txt")) as f:
            for line in f:
                m = re.match(rf"{re.escape(key)}:[A-Z]+=(.*)", line)
                if m:
                    return m.group(1)
    except OSError:
        pass
    return ""


def _out(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def describe(preset, quick):
    cxx = _cache(preset, "CMAKE_CXX_COMPILER") or "c++"
    build_type = _cache(preset, "CMAKE_BUILD_TYPE")
    flags = " ".join(x for x in (_cache(preset, "CMAKE_CXX_FLAGS"),
                                 _cache(preset, f"CMAKE_CXX_FLAGS_{build_type.upper()}")) if x)
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "max_threads": int(os.environ.get("GAUNTLET_MAX_THREADS", os.cpu_count() or 1)),
        "compiler": (_out([cxx, "--version"]).splitlines() or [cxx])[0],
        "flags": f"-std=c++20 {flags}".strip(),
        "build_type": build_type,
        "kernel": " ".join(platform.uname()[0:3:2]) + " " + platform.uname().version,
        "hostname": platform.node(),
        "commit": _out(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]) or "uncommitted",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": "quick" if quick else "full",
    }


def write(preset, quick, results_dir):
    os.makedirs(results_dir, exist_ok=True)
    path = os.path.join(results_dir, "machine.json")
    with open(path, "w") as f:
        json.dump(describe(preset, quick), f, indent=2)
    return path
