#!/usr/bin/env python3
"""Tests of scripts/report/plugins/checkpoint.py on small fixed inputs."""
import importlib.util
import json
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.join(HERE, "..", "..", "scripts", "report", "plugins", "checkpoint.py")
spec = importlib.util.spec_from_file_location("checkpoint_plugin", PLUGIN)
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)

TARGETS = [{"claim": "cow pause", "workload": "pause", "ours": "chunked-cow", "peer": "copy-under-lock",
            "comparison": "pause-at-most", "metric": "pause_p99_us", "peer_metric": "snapshot_worst_median_us",
            "bound_us": 10},
           {"claim": "near the floor", "workload": "checkpoint", "ours": "crash-safe", "peer": "durable-write",
            "peer_workload": "floor", "comparison": "bandwidth-ratio-at-least", "bound": 0.5, "min_bytes": 1048576}]


def row(workload, impl, n, **counters):
    r = {"name": f"{workload}/{impl}/bytes:{n}/iterations:5/real_time", "run_type": "iteration", "real_time": 2.0,
         "time_unit": "ms", "threads": 1}
    r.update(counters)
    return r


def doc(rows, targets=TARGETS):
    return {"context": {"gauntlet_targets": json.dumps(targets)}, "benchmarks": rows}


ROWS = [row("pause", "chunked-cow", 65536, pause_p99_us=0.5, pause_p50_us=0.1, pause_max_us=30,
            snapshot_worst_median_us=2, snapshot_us=10),
        row("pause", "chunked-cow", 1 << 20, pause_p99_us=4.0, pause_p50_us=0.1, pause_max_us=30,
            snapshot_worst_median_us=3, snapshot_us=100),
        row("pause", "copy-under-lock", 65536, pause_p99_us=20.0, snapshot_worst_median_us=20),
        row("pause", "copy-under-lock", 1 << 20, pause_p99_us=400.0, snapshot_worst_median_us=400),
        row("checkpoint", "crash-safe", 65536, bytes_per_second=1e6, checksum_share=0.01),
        row("checkpoint", "crash-safe", 1 << 20, bytes_per_second=3e8, checksum_share=0.1),
        row("checkpoint", "crash-safe", 1 << 22, bytes_per_second=4e8, checksum_share=0.1),
        row("floor", "durable-write", 65536, bytes_per_second=1e8),
        row("floor", "durable-write", 1 << 20, bytes_per_second=5e8),
        row("floor", "durable-write", 1 << 22, bytes_per_second=5e8)]


class Targets(unittest.TestCase):
    def test_pause_worst_size_and_bandwidth_smallest_ratio(self):
        pause, bw = plugin.targets(doc(ROWS))
        self.assertEqual(pause["measured"], 4.0)
        self.assertTrue(pause["met"])
        self.assertIn("snapshot_worst_median_us 400.0 us", pause["claim"])
        self.assertIn("0.0100", pause["claim"])  # ours' p99 over the peer's worst per snapshot at the top size
        self.assertEqual(bw["measured"], 0.6)  # 3e8 / 5e8 at 1 MiB; 64 KiB is below min_bytes
        self.assertTrue(bw["met"])

    def test_not_met(self):
        rows = [dict(r) for r in ROWS]
        rows[1]["pause_p99_us"] = 12.0
        rows[5]["bytes_per_second"] = 1e8
        pause, bw = plugin.targets(doc(rows))
        self.assertFalse(pause["met"])
        self.assertFalse(bw["met"])

    def test_unmeasured_and_undeclared(self):
        pause, bw = plugin.targets(doc([r for r in ROWS if r["name"].startswith("floor")]))
        self.assertIsNone(pause["measured"])
        self.assertFalse(pause["met"])
        self.assertIsNone(bw["measured"])
        (only,) = plugin.targets({"context": {}, "benchmarks": ROWS})
        self.assertIn("not judged", only["claim"])
        self.assertEqual(plugin.targets({"context": {}, "benchmarks": []}), [])


class Sections(unittest.TestCase):
    def test_sections_render(self):
        verify = [{"family": "checkpoint", "name": "no-file-fsync", "kind": "known-bad", "check": "crash-prefix",
                   "outcome": "caught", "states_explored": 32, "recovery_failures": 4, "message": "x"}]
        titles = [t for t, _ in plugin.sections(doc(ROWS), verify)]
        self.assertEqual(len(titles), 3)
        html = dict(plugin.sections(doc(ROWS), verify))
        crash = next(v for k, v in html.items() if "crash" in k)
        self.assertIn("no-file-fsync", crash)
        self.assertIn("<td class='num'>4</td>", crash)
        self.assertEqual(plugin.sections(doc([]), []), [])


if __name__ == "__main__":
    unittest.main()
