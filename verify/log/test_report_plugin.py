#!/usr/bin/env python3
"""Tests of scripts/report/plugins/log.py on small fixed inputs."""
import importlib.util
import json
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.join(HERE, "..", "..", "scripts", "report", "plugins", "log.py")
spec = importlib.util.spec_from_file_location("log_plugin", PLUGIN)
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)

TARGETS = [{"claim": "p99.9 lower", "workload": "latency", "ours": "ring-block", "peer": "spdlog-async-block",
            "metric": "p99_9_ns", "comparison": "lower by at least", "bound": 5.0, "bytes": 64, "threads": 2},
           {"claim": "idle", "workload": "idle_cpu", "ours": "ring-block", "metric": "idle_cpu_percent",
            "comparison": "at most", "bound": 1.0, "unit": "%"}]


def lat(impl, threads, p50, p99, p999, mx):
    return {"name": f"latency/{impl}/bytes:64/iterations:2000/real_time/threads:{threads}", "run_type": "iteration",
            "real_time": 1.0, "time_unit": "ns", "threads": threads, "p50_ns": p50, "p99_ns": p99,
            "p99_9_ns": p999, "max_ns": mx, "calls": 1000}


def idle(impl, pct):
    return {"name": f"idle_cpu/{impl}/iterations:1/real_time", "run_type": "iteration", "real_time": 1.0,
            "time_unit": "ns", "threads": 1, "idle_cpu_percent": pct}


def thr(impl, threads, ips, frac=1.0):
    return {"name": f"throughput/{impl}/bytes:16/iterations:1/real_time/threads:{threads}", "run_type": "iteration",
            "real_time": 1.0, "time_unit": "ns", "threads": threads, "items_per_second": ips,
            "delivered_fraction": frac}


def doc(rows, targets=TARGETS):
    return {"context": {"gauntlet_targets": json.dumps(targets)}, "benchmarks": rows}


ROWS = [lat("ring-block", 1, 100, 500, 900, 5000), lat("ring-block", 2, 110, 520, 1000, 9000),
        lat("spdlog-async-block", 1, 500, 9000, 20000, 90000), lat("spdlog-async-block", 2, 480, 9000, 6000, 80000),
        idle("ring-block", 0.2), idle("spdlog-async-block", 0.01),
        thr("ring-block", 1, 1.2e6), thr("ring-block", 2, 1.4e6), thr("seed", 1, 9e5, 0.4)]


class Targets(unittest.TestCase):
    def test_ratio_at_the_declared_threads_and_idle_bound(self):
        lat_t, idle_t = plugin.targets(doc(ROWS))
        self.assertAlmostEqual(lat_t["measured"], 6.0)  # 6000 / 1000 at 2 threads, not 20000 / 900 at 1
        self.assertTrue(lat_t["met"])
        self.assertIn("2 threads", lat_t["claim"])
        self.assertAlmostEqual(idle_t["measured"], 0.2)
        self.assertTrue(idle_t["met"])

    def test_short_of_the_bound_is_unmet(self):
        rows = [lat("ring-block", 2, 1, 1, 2000, 1), lat("spdlog-async-block", 2, 1, 1, 6000, 1), idle("ring-block", 3)]
        lat_t, idle_t = plugin.targets(doc(rows))
        self.assertAlmostEqual(lat_t["measured"], 3.0)
        self.assertFalse(lat_t["met"])
        self.assertFalse(idle_t["met"])

    def test_highest_thread_count_when_the_declared_one_is_missing(self):
        t = dict(TARGETS[0], threads=16)
        (lat_t,) = plugin.targets(doc(ROWS, [t]))
        self.assertIn("2 threads", lat_t["claim"])
        self.assertAlmostEqual(lat_t["measured"], 6.0)

    def test_missing_data_is_not_measured(self):
        for t in plugin.targets(doc([thr("seed", 1, 1.0)])):
            self.assertIsNone(t["measured"])
            self.assertFalse(t["met"])

    def test_no_context_is_said(self):
        (t,) = plugin.targets({"benchmarks": ROWS})
        self.assertFalse(t["met"])
        self.assertIn("not judged", t["claim"])


class Sections(unittest.TestCase):
    def test_latency_is_shown_as_percentiles_not_a_mean(self):
        secs = dict(plugin.sections(doc(ROWS), []))
        body = secs["Log: producer latency percentiles"]
        for h in ("p50 ns", "p99 ns", "p99.9 ns", "max ns"):
            self.assertIn(h, body)
        self.assertIn("<td class='num'>1000</td>", body)  # ring-block's p99.9 at 2 threads
        self.assertIn("Log: throughput against producers", secs)
        self.assertIn("Log: idle consumer CPU", secs)

    def test_verify_rows_of_the_family(self):
        verify = [{"family": "log", "name": "seed", "kind": "known-bad", "check": "accounting", "outcome": "caught",
                   "message": "delivered 1 + dropped 0 = 1, but 9 produced"},
                  {"family": "queue", "name": "x", "kind": "ours", "check": "accounting", "outcome": "passed"}]
        secs = dict(plugin.sections(doc([]), verify))
        body = secs["Log: accounting, order, crash and shutdown"]
        self.assertIn("but 9 produced", body)
        self.assertNotIn("<td>x</td>", body)

    def test_own_workloads(self):
        self.assertEqual(set(plugin.OWN_WORKLOADS), {"latency", "throughput", "idle_cpu"})


if __name__ == "__main__":
    unittest.main()
