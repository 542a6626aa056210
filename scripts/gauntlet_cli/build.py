"""Configuring and building through the CMake presets, and the target manifest.

Every command that needs binaries builds them first, incrementally, from the
preset it uses (`release` for run/bench/verify/check/sim, `ci` for test).
GAUNTLET_BUILD_DIR=DIR points the CLI at an existing build instead, and then
nothing is configured or built (the test suite uses this to call the CLI on
the build it is testing).
"""
import json
import os
import shutil
import sys

from common import ROOT, StepFailed, UsageError, run, say


def build_dir(preset):
    override = os.environ.get("GAUNTLET_BUILD_DIR")
    if override:
        return os.path.abspath(override)
    return os.path.join(ROOT, "build", preset)


def _check_tools():
    for tool in ("cmake", "ninja"):
        if shutil.which(tool) is None:
            raise StepFailed(f"{tool} is not installed: run scripts/setup-deps (as root) first")


def configure(preset, extra=()):
    if os.environ.get("GAUNTLET_BUILD_DIR"):
        return
    _check_tools()
    bdir = build_dir(preset)
    if not os.path.exists(os.path.join(bdir, "build.ninja")) or extra:
        # Build chatter goes to stderr: stdout belongs to the command's own
        # output (check --json, list --json are parsed by scripts).
        r = run(["cmake", "--preset", preset, *extra], cwd=ROOT, stdout=sys.stderr)
        if r.returncode != 0:
            raise StepFailed(f"cmake --preset {preset} failed")


def build(preset, targets=(), jobs=None):
    """Builds TARGETS (all when empty) of PRESET, configuring first if needed."""
    if os.environ.get("GAUNTLET_BUILD_DIR"):
        return
    configure(preset)
    cmd = ["cmake", "--build", build_dir(preset)]
    if targets:
        cmd += ["--target", *targets]
    if jobs:
        cmd += ["-j", str(jobs)]
    say(f"building {'all targets' if not targets else ', '.join(targets)} ({preset})")
    r = run(cmd, cwd=ROOT, stdout=sys.stderr)
    if r.returncode != 0:
        raise StepFailed(f"build of {preset} failed (see the compiler output above)")


def manifest(preset):
    """The build's list of benchmark, verifier and tool binaries, by family."""
    path = os.path.join(build_dir(preset), "gauntlet_manifest.json")
    if not os.path.exists(path):
        configure(preset)
    if not os.path.exists(path):
        raise StepFailed(f"{path} is missing: configure the build first (cmake --preset {preset})")
    with open(path) as f:
        return json.load(f)


def tool_path(preset, target):
    """Builds (if needed) and returns the path of a tool binary by target name."""
    for entry in manifest(preset):
        if entry["target"] == target:
            build(preset, [target])
            if not os.path.exists(entry["path"]):
                # GAUNTLET_BUILD_DIR points at a build where it was never built.
                raise StepFailed(f"{entry['path']} is not built (cmake --build {build_dir(preset)} --target {target})")
            return entry["path"]
    raise UsageError(f"no tool '{target}' in this build")
