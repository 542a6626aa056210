#!/usr/bin/env python3
"""Tests of scripts/report/plugins/pool.py on small fixed inputs."""
import importlib.util
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.join(HERE, "..", "..", "scripts", "report", "plugins", "pool.py")
spec = importlib.util.spec_from_file_location("pool_plugin", PLUGIN)
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)


def row(workload, impl, threads, med, **extra):
    r = {"name": f"{workload}/{impl}/real_time/threads:{threads}", "run_type": "iteration", "real_time": med * 64,
         "time_unit": "ns", "threads": threads, "ns_per_op_median": med, "ns_per_op_p99": med * 3}
    r.update(extra)
    return r


def rss_row(workload, impl, idle):
    """An rss-* row as the binary writes it: no thread suffix, one iteration, RSS counters only."""
    return {"name": f"{workload}/{impl}/iterations:1/real_time", "run_type": "iteration", "real_time": 5e8,
            "time_unit": "ns", "threads": 1, "peak_rss_delta": idle * 2, "idle_rss_delta": idle}


FULL = [row("churn", "magazine", 1, 10.0), row("churn", "mimalloc", 1, 25.0),
        row("churn", "jemalloc", 1, 30.0), row("xfree", "magazine", 2, 40.0),
        row("xfree", "mimalloc", 2, 20.0), row("churn", "magazine", 2, 999.0),
        rss_row("rss-churn", "magazine", 1100.0), rss_row("rss-churn", "jemalloc", 1000.0),
        rss_row("rss-xfree", "magazine", 3000.0)]


class Targets(unittest.TestCase):
    def test_ratios(self):
        churn, xfree, rss = plugin.targets(FULL)
        self.assertAlmostEqual(churn["measured"], 0.4)
        self.assertTrue(churn["met"])
        self.assertAlmostEqual(xfree["measured"], 2.0)
        self.assertFalse(xfree["met"])
        self.assertAlmostEqual(rss["measured"], 1.1)
        self.assertTrue(rss["met"])
        self.assertIn("0.5", churn["goal"])

    def test_missing_peer_is_not_measured(self):
        for t in plugin.targets([row("churn", "magazine", 1, 10.0)]):
            self.assertIsNone(t["measured"])
            self.assertFalse(t["met"])

    def test_median_aggregate_wins(self):
        bench = FULL + [row("churn", "magazine", 1, 20.0, run_type="aggregate", aggregate_name="median",
                            name="churn/magazine/real_time/threads:1_median")]
        self.assertAlmostEqual(plugin.targets(bench)[0]["measured"], 0.8)

    def test_sections_render(self):
        titles = [t for t, _ in plugin.sections(FULL, [])]
        self.assertEqual(len(titles), 4)
        body = dict(plugin.sections(FULL, []))
        self.assertIn("xfree", body["Pool: ns per op by workload and thread count"])
        self.assertIn("#", body["Pool: RSS"])
        self.assertIn("cross-thread free, 2 threads", body["Pool: RSS"])

    def test_rss_target_reads_the_own_process_rows_only(self):
        # An in-process churn row's RSS (the old, polluted measurement) must not count.
        bench = [row("churn", "magazine", 1, 10.0, idle_rss_delta=1.0), row("churn", "jemalloc", 1, 30.0,
                                                                             idle_rss_delta=1000.0)]
        self.assertIsNone(plugin.targets(bench)[2]["measured"])
        self.assertAlmostEqual(plugin.targets(FULL)[2]["measured"], 1.1)


if __name__ == "__main__":
    sys.exit(unittest.main())
