"""Seed sweeps split across threads and machines give the serial run's results.

- `gauntlet-sim-raft` and `gauntlet-sim-2pc` with --jobs 2 print exactly what
  --jobs 1 prints and write the same per-seed rows (the simulator is
  deterministic: nothing here is timed);
- the union of --shard 1/3, 2/3 and 3/3, joined by `scripts/gauntlet merge`,
  is byte for byte the unsharded run's rows;
- merge sorts verification rows, refuses folders from different machines and
  two different copies of one file, and turns a catcher that no shard ran
  into a `missed` row.

Needs GAUNTLET_BUILD_DIR (ctest sets it) for the simulators.
"""
import json
import os
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GAUNTLET = os.path.join(ROOT, "scripts", "gauntlet")
BUILD = os.environ.get("GAUNTLET_BUILD_DIR", os.path.join(ROOT, "build", "ci"))


def tool(name):
    with open(os.path.join(BUILD, "gauntlet_manifest.json")) as f:
        for e in json.load(f):
            if e["target"] == name:
                return e["path"]
    raise unittest.SkipTest(f"{name} is not in {BUILD} (a build without that protocol family)")


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return r.returncode, r.stdout, r.stderr


class Sweeps(unittest.TestCase):
    CASES = (("gauntlet-sim-raft", "basic", "1..9"), ("gauntlet-sim-2pc", "presumed-abort", "1..9"))

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def sweep(self, exe, variant, seeds, out, *extra):
        status, stdout, stderr = run([exe, "--variant", variant, "--seeds", seeds, "--json-out", out, *extra])
        self.assertEqual(status, 0, f"{exe} {variant} {seeds} {extra}: {stderr}")
        with open(out) as f:
            return stdout, f.read()

    def test_jobs_give_the_serial_run(self):
        for name, variant, seeds in self.CASES:
            with self.subTest(tool=name):
                exe = tool(name)
                serial = self.sweep(exe, variant, seeds, os.path.join(self.dir, "j1.json"), "--jobs", "1")
                parallel = self.sweep(exe, variant, seeds, os.path.join(self.dir, "j2.json"), "--jobs", "2")
                self.assertEqual(serial, parallel)
                rows = json.loads(serial[1])
                self.assertEqual([r["seed"] for r in rows], list(range(1, 10)))

    def test_the_union_of_the_shards_is_the_unsharded_run(self):
        for name, variant, seeds in self.CASES:
            with self.subTest(tool=name):
                exe = tool(name)
                _, whole = self.sweep(exe, variant, seeds, os.path.join(self.dir, "whole.json"))
                parts = []
                for k in (1, 2, 3):
                    d = os.path.join(self.dir, f"{name}-shard{k}")
                    os.makedirs(d)
                    _, text = self.sweep(exe, variant, seeds, os.path.join(d, "sim.json"), "--shard", f"{k}/3")
                    parts.append([r["seed"] for r in json.loads(text)])
                    parts_dirs = [os.path.join(self.dir, f"{name}-shard{i}") for i in (1, 2, 3)]
                self.assertEqual(parts, [[1, 4, 7], [2, 5, 8], [3, 6, 9]])
                merged = os.path.join(self.dir, f"{name}-merged")
                status, _, err = run([GAUNTLET, "merge", *parts_dirs, "--out", merged])
                self.assertEqual(status, 0, err)
                with open(os.path.join(merged, "sim.json")) as f:
                    self.assertEqual(f.read(), whole)  # byte for byte

    def test_bad_shards_are_refused(self):
        exe = tool("gauntlet-sim-raft")
        for bad in ("0/3", "4/3", "1", "a/b"):
            status, _, err = run([exe, "--variant", "basic", "--shard", bad])
            self.assertEqual(status, 3, bad)
            self.assertIn("--shard", err)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(data, f)


class Merge(unittest.TestCase):
    MACHINE = {"cpu": "c", "cores": 2, "max_threads": 2, "compiler": "g++", "flags": "-O2", "build_type": "Release"}
    LIST = [{"family": "queue", "name": "bad", "kind": "known-bad", "caught_by": ["a", "b"]}]

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def folder(self, name, rows, machine=None):
        d = os.path.join(self.dir, name)
        write(os.path.join(d, "verify.json"), rows)
        write(os.path.join(d, "machine.json"), machine or self.MACHINE)
        write(os.path.join(d, "list.json"), self.LIST)
        return d

    def test_rows_are_sorted_and_an_unrun_catcher_is_missed(self):
        a = self.folder("a", [{"family": "queue", "name": "spsc", "check": "z", "outcome": "passed"}])
        b = self.folder("b", [{"family": "queue", "name": "bad", "check": "a", "outcome": "caught"}])
        out = os.path.join(self.dir, "out")
        status, _, err = run([GAUNTLET, "merge", a, b, "--out", out])
        self.assertEqual(status, 0, err)
        with open(os.path.join(out, "verify.json")) as f:
            rows = json.load(f)
        self.assertEqual([(r["name"], r["check"], r["outcome"]) for r in rows],
                         [("bad", "a", "caught"), ("bad", "b", "missed"), ("spsc", "z", "passed")])

    def test_different_machines_and_conflicting_files_are_refused(self):
        a = self.folder("a", [])
        b = self.folder("b", [], dict(self.MACHINE, cpu="other"))
        status, _, err = run([GAUNTLET, "merge", a, b, "--out", os.path.join(self.dir, "o1")])
        self.assertEqual(status, 3)
        self.assertIn("different machines", err)
        c = self.folder("c", [])
        write(os.path.join(a, "bench_x.json"), {"benchmarks": []})
        write(os.path.join(c, "bench_x.json"), {"benchmarks": [{"name": "n"}]})
        status, _, err = run([GAUNTLET, "merge", a, c, "--out", os.path.join(self.dir, "o2")])
        self.assertEqual(status, 3)
        self.assertIn("differ", err)
        status, _, err = run([GAUNTLET, "merge", a, os.path.join(self.dir, "nope"), "--out", os.path.join(self.dir, "o3")])
        self.assertEqual(status, 3)
        self.assertIn("not a results folder", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
