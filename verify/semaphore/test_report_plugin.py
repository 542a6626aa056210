#!/usr/bin/env python3
"""Tests of scripts/report/plugins/semaphore.py on small fixed inputs."""
import importlib.util
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.join(HERE, "..", "..", "scripts", "report", "plugins", "semaphore.py")
spec = importlib.util.spec_from_file_location("semaphore_plugin", PLUGIN)
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)


def row(name, real_time, unit="ns", **extra):
    r = {"name": name, "run_type": "iteration", "real_time": real_time, "time_unit": unit, "threads": 1}
    r.update(extra)
    return r


class Targets(unittest.TestCase):
    def test_ratio_of_futex_to_std_counting(self):
        bench = [row("uncontended/futex/permits:16", 12.0), row("uncontended/std-counting/permits:16", 10.0),
                 row("uncontended/futex/permits:1", 6.0), row("uncontended/std-counting/permits:1", 600.0)]
        main, one = plugin.targets(bench)
        self.assertAlmostEqual(main["measured"], 1.2)
        self.assertTrue(main["met"])
        self.assertIn("1.5", main["goal"])
        self.assertAlmostEqual(one["measured"], 0.01)

    def test_over_the_goal_is_not_met(self):
        bench = [row("uncontended/futex/permits:16", 16.0), row("uncontended/std-counting/permits:16", 10.0)]
        self.assertFalse(plugin.targets(bench)[0]["met"])

    def test_units_are_normalised(self):
        bench = [row("uncontended/futex/permits:16", 0.02, "us"), row("uncontended/std-counting/permits:16", 10.0)]
        self.assertAlmostEqual(plugin.targets(bench)[0]["measured"], 2.0)

    def test_median_aggregate_wins_over_repetitions(self):
        bench = [row("uncontended/futex/permits:16", 100.0),
                 row("uncontended/futex/permits:16_median", 10.0, run_type="aggregate", aggregate_name="median"),
                 row("uncontended/std-counting/permits:16", 10.0)]
        self.assertAlmostEqual(plugin.targets(bench)[0]["measured"], 1.0)

    def test_other_workloads_and_thread_counts_are_ignored(self):
        bench = [row("uncontended/futex/permits:16", 10.0), row("uncontended/std-counting/permits:16", 10.0),
                 row("contended/futex/permits:1/real_time/threads:2", 999.0, threads=2)]
        self.assertAlmostEqual(plugin.targets(bench)[0]["measured"], 1.0)

    def test_missing_data_is_not_measured_and_not_met(self):
        for t in plugin.targets([row("uncontended/futex/permits:16", 10.0)]):
            self.assertIsNone(t["measured"])
            self.assertFalse(t["met"])


if __name__ == "__main__":
    sys.exit(unittest.main())
