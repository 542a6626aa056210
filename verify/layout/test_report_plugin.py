#!/usr/bin/env python3
"""Tests of scripts/report/plugins/layout.py on small fixed inputs."""
import importlib.util
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.join(HERE, "..", "..", "scripts", "report", "plugins", "layout.py")
spec = importlib.util.spec_from_file_location("layout_plugin", PLUGIN)
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)


def row(name, real_time, unit="ns", threads=1, **extra):
    r = {"name": name, "run_type": "iteration", "real_time": real_time, "time_unit": unit, "threads": threads}
    r.update(extra)
    return r


def inc(impl, ns, threads):
    return row(f"increment/{impl}/min_time:0.200/real_time/threads:{threads}", ns, threads=threads)


def floor(a, b, median, p99):
    return row(f"floor/cas-pingpong/cpu_a:{a}/cpu_b:{b}/iterations:200000/real_time", median, rt_median_ns=median,
               rt_p99_ns=p99, one_way_ns=median / 2)


def writers(d, ns):
    return row(f"interference/two-writers/distance:{d}/min_time:0.200/real_time/threads:2", ns, threads=2)


BENCH = ([inc("thread-private", 2.0, 1), inc("thread-private", 2.0, 2), inc("sharded", 2.1, 2),
          inc("padded-128", 2.4, 2), inc("packed", 50.0, 2), floor(0, 1, 100.0, 300.0)] +
         [writers(d, v) for d, v in ((8, 40.0), (32, 40.0), (56, 38.0), (64, 3.0), (128, 2.9), (256, 2.8),
                                      (4096, 2.8))])


class Targets(unittest.TestCase):
    def test_ratios_at_the_highest_thread_count(self):
        sharded, padded, packed, dist = plugin.targets(BENCH)
        self.assertAlmostEqual(sharded["measured"], 1.05)
        self.assertTrue(sharded["met"])
        self.assertIn("2 threads", sharded["claim"])
        self.assertAlmostEqual(padded["measured"], 1.2)
        self.assertFalse(padded["met"])
        # real_time 50 ns at 2 threads is 100 ns per thread, against a 50 ns one-way floor
        self.assertAlmostEqual(packed["measured"], 2.0)
        self.assertEqual(dist["measured"], 64)

    def test_interference_needs_every_farther_point_near(self):
        curve = [(8, 10.0), (64, 2.0), (96, 10.0), (128, 2.0), (4096, 2.0)]
        self.assertEqual(plugin.interference_distance(curve), 128)
        self.assertIsNone(plugin.interference_distance([(8, 1.0)]))

    def test_floor_is_the_median_over_pairs(self):
        bench = [floor(0, 1, 100.0, 1), floor(0, 2, 200.0, 1), floor(1, 2, 400.0, 1)]
        self.assertAlmostEqual(plugin.floor_one_way_ns(bench), 100.0)

    def test_units_and_median_aggregates(self):
        bench = [inc("sharded", 0.004, 2) | {"time_unit": "us"}, inc("thread-private", 2.0, 2),
                 inc("thread-private", 100.0, 2),
                 inc("thread-private", 2.0, 2) | {"run_type": "aggregate", "aggregate_name": "median",
                                                 "name": "increment/thread-private/min_time:0.200/real_time/"
                                                         "threads:2_median"}]
        self.assertAlmostEqual(plugin.targets(bench)[0]["measured"], 2.0)

    def test_the_per_thread_counter_wins_over_real_time(self):
        bench = [inc("sharded", 1.0, 2) | {"ns_per_increment": 3.0}, inc("thread-private", 1.0, 2)]
        self.assertAlmostEqual(plugin.targets(bench)[0]["measured"], 1.5)  # 3 ns against 1 ns x 2 threads

    def test_missing_data_is_not_measured_and_not_met(self):
        for t in plugin.targets([]):
            self.assertIsNone(t["measured"])
            self.assertFalse(t["met"])


class Sections(unittest.TestCase):
    def test_sections_name_the_layouts_and_the_one_pair(self):
        verify = [{"family": "layout", "name": "seed", "kind": "known-bad", "check": "layout-check",
                   "outcome": "caught", "message": "coldData [120, 184) straddles lines 1 and 2"}]
        out = dict(plugin.sections(BENCH, verify))
        self.assertEqual(len(out), 4)
        html = "".join(out.values())
        self.assertIn("packed", html)
        self.assertIn("One CPU pair", html)
        self.assertIn("coldData", html)
        self.assertIn("interference distance: 64 bytes", html)

    def test_a_matrix_where_there_are_more_pairs(self):
        bench = [floor(0, 1, 100.0, 1), floor(0, 2, 200.0, 1), floor(1, 2, 400.0, 1)]
        body = dict(plugin.sections(bench, []))["Layout: cache-line transfer floor"]
        self.assertIn("1-2", body)
        self.assertNotIn("One CPU pair", body)

    def test_nothing_measured_gives_no_sections(self):
        self.assertEqual(plugin.sections([], []), [])


if __name__ == "__main__":
    sys.exit(unittest.main())
