"""The families and their implementations, read from the C++ lists via gauntlet-list."""
import functools
import json
import subprocess

from build import manifest, tool_path
from common import StepFailed, UsageError


@functools.lru_cache(maxsize=None)
def implementations(preset):
    """[{family, name, kind, description}] from gauntlet-list --json."""
    exe = tool_path(preset, "gauntlet-list")
    r = subprocess.run([exe, "--json"], capture_output=True, text=True)
    if r.returncode != 0:
        raise StepFailed(f"gauntlet-list failed: {r.stderr.strip()}")
    return json.loads(r.stdout)


# The regression gate's fixture benchmarks (verify/cli/gate_fixture): named
# explicitly or not at all, never part of "every family".
FIXTURE_FAMILIES = ("gate", "gate-calibration")


def family_names(preset, fixtures=False):
    """Every family a user may name: those with implementations, and any that
    only ship benchmarks or verifiers (the linearizability checker)."""
    names = {row["family"] for row in implementations(preset)}
    names |= {e["family"] for e in manifest(preset) if e["kind"] in ("bench", "verify")}
    return sorted(n for n in names if fixtures or n not in FIXTURE_FAMILIES)


def resolve(preset, requested):
    """Validates family names; an empty request means all of them."""
    if not requested:
        return family_names(preset)
    valid = family_names(preset, fixtures=True)
    unknown = [f for f in requested if f not in valid]
    if unknown:
        raise UsageError(f"unknown famil{'y' if len(unknown) == 1 else 'ies'} "
                         f"{', '.join(repr(u) for u in unknown)}; valid: {', '.join(valid)}")
    return list(dict.fromkeys(requested))
