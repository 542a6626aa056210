"""The pipeline definitions in ci/ cannot run here: check that each parses as
YAML with the shape its CI service expects, and that every `scripts/gauntlet`
command they call exists and accepts every option they pass (from the
command's own --help). Needs python3-yaml (Debian).

Run: /usr/bin/python3 verify/cli/test_ci_pipelines.py
"""
import os
import re
import shlex
import subprocess
import sys
import unittest

try:
    import yaml
except ImportError:
    sys.exit("python3-yaml is not installed (Debian package python3-yaml; scripts/gauntlet setup installs it)")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GAUNTLET = os.path.join(ROOT, "scripts", "gauntlet")
PIPELINES = {"github-actions.yml": "github", "gitlab-ci.yml": "gitlab"}


def scripts_of(kind, doc):
    """Every shell script text of the pipeline, by job."""
    out = []
    if kind == "github":
        for job, body in doc["jobs"].items():
            out += [(job, step["run"]) for step in body["steps"] if "run" in step]
    else:
        for job, body in doc.items():
            if isinstance(body, dict) and "script" in body:
                out += [(job, s) for s in body["script"]]
    return out


def gauntlet_calls(script):
    """[argv after scripts/gauntlet] for each call in a shell script text."""
    calls = []
    for line in script.replace("\\\n", " ").splitlines():
        for m in re.finditer(r"scripts/gauntlet\s+([^|;&)]*)", line):
            calls.append(shlex.split(m.group(1).split("||")[0]))
    return calls


_help = {}


def help_text(command):
    if command not in _help:
        r = subprocess.run([GAUNTLET, command, "--help"], capture_output=True, text=True, timeout=60)
        _help[command] = (r.returncode, r.stdout + r.stderr)
    return _help[command]


class Pipelines(unittest.TestCase):
    def test_every_pipeline_parses_and_calls_real_commands(self):
        seen = set()
        for name, kind in PIPELINES.items():
            with self.subTest(pipeline=name):
                with open(os.path.join(ROOT, "ci", name)) as f:
                    doc = yaml.safe_load(f)
                if kind == "github":
                    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
                    self.assertTrue("on" in doc or True in doc, "no trigger (on:)")
                    self.assertIn("jobs", doc)
                else:
                    self.assertIn("stages", doc)
                scripts = scripts_of(kind, doc)
                self.assertTrue(scripts, "no job runs anything")
                calls = [c for _, s in scripts for c in gauntlet_calls(s)]
                commands = {c[0] for c in calls}
                # What every pipeline must do: test, run the suite, gate against a baseline.
                for needed in ("test", "run"):
                    self.assertIn(needed, commands, f"{name} never calls scripts/gauntlet {needed}")
                self.assertTrue(any("--baseline" in c for c in calls), f"{name} never compares with a baseline")
                self.assertTrue(any(c[0] == "compare" and "--paired" in c for c in calls), f"{name}: no paired gate")
                for call in calls:
                    status, text = help_text(call[0])
                    self.assertEqual(status, 0, f"{name}: scripts/gauntlet {call[0]} --help failed: {text}")
                    for opt in (a.split("=")[0] for a in call[1:] if a.startswith("--")):
                        self.assertIn(opt, text, f"{name}: scripts/gauntlet {call[0]} has no option {opt}")
                    seen.add(call[0])
        self.assertIn("compare", seen)

    def test_the_option_check_can_fail(self):
        # A made-up option must not be found in the help text the test reads.
        status, text = help_text("run")
        self.assertEqual(status, 0)
        self.assertNotIn("--no-such-option", text)
        self.assertEqual(gauntlet_calls("scripts/gauntlet run --quick --baseline b/results || x=1"),
                         [["run", "--quick", "--baseline", "b/results"]])


if __name__ == "__main__":
    unittest.main(verbosity=2)
