#!/usr/bin/env python3
"""Tests of scripts/report/plugins/metrics.py on small fixed inputs."""
import importlib.util
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.join(HERE, "..", "..", "scripts", "report", "plugins", "metrics.py")
spec = importlib.util.spec_from_file_location("metrics_plugin", PLUGIN)
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)

TARGETS = json.dumps([
    {"claim": "per-thread increment at or below 2 ns", "workload": "increment", "ours": "per-thread",
     "mode": "cached", "comparison": "at most", "bound": 2.0, "unit": "ns", "threads": 2},
    {"claim": "per-thread 10x faster than the seed", "workload": "increment", "ours": "per-thread", "peer": "seed",
     "mode": "cached", "comparison": "faster by at least", "bound": 10.0, "threads": 2},
    {"claim": "scrape of 10,000 series in 1 ms", "workload": "scrape", "ours": "per-thread", "series": 10000,
     "comparison": "at most", "bound": 1e6, "unit": "ns"}])


def row(name, real_time, threads=1, unit="ns", **extra):
    r = {"name": name, "run_type": "iteration", "real_time": real_time, "time_unit": unit, "threads": threads}
    r.update(extra)
    return r


def inc(impl, ns, threads, mode="cached"):
    return row(f"increment/{impl}/mode:{mode}/real_time/threads:{threads}", ns / threads, threads=threads,
               ns_per_increment=ns)


def scrape(impl, series, ns):
    return row(f"scrape/{impl}/series:{series}/real_time", ns, ns_per_scrape=ns)


def doc(rows, targets=TARGETS):
    return {"context": {"gauntlet_targets": targets} if targets is not None else {}, "benchmarks": rows}


BENCH = [inc("per-thread", 1.5, 1), inc("per-thread", 1.8, 2), inc("seed", 90.0, 2), inc("atomic-series", 20.0, 2),
         inc("per-thread", 30.0, 2, "lookup"), scrape("per-thread", 100, 9000.0), scrape("per-thread", 10000, 8e5),
         row("memory/per-thread/writers:2/series:1000/iterations:1/real_time", 1.0,
             bytes_per_counter_per_thread=8.5, bytes_per_series=300.0)]


class Targets(unittest.TestCase):
    def test_the_declared_targets_are_judged(self):
        fast, ratio, scr = plugin.targets(doc(BENCH))
        self.assertAlmostEqual(fast["measured"], 1.8)
        self.assertTrue(fast["met"])
        self.assertIn("2 threads", fast["claim"])
        self.assertAlmostEqual(ratio["measured"], 50.0)
        self.assertTrue(ratio["met"])
        self.assertAlmostEqual(scr["measured"], 8e5)
        self.assertTrue(scr["met"])

    def test_a_missed_target_is_not_met(self):
        rows = [inc("per-thread", 2.5, 2), inc("seed", 20.0, 2), scrape("per-thread", 10000, 2e6)]
        self.assertEqual([t["met"] for t in plugin.targets(doc(rows))], [False, False, False])

    def test_the_highest_thread_count_when_the_declared_one_was_not_run(self):
        rows = [inc("per-thread", 1.0, 1), inc("seed", 50.0, 1)]
        fast, ratio, _ = plugin.targets(doc(rows))
        self.assertIn("1 threads", fast["claim"])
        self.assertAlmostEqual(ratio["measured"], 50.0)

    def test_real_time_times_threads_without_the_counter(self):
        rows = [row("increment/per-thread/mode:cached/real_time/threads:2", 0.9, threads=2)]
        self.assertAlmostEqual(plugin.targets(doc(rows))[0]["measured"], 1.8)

    def test_no_declared_targets_says_why(self):
        (t,) = plugin.targets(doc(BENCH, targets=None))
        self.assertFalse(t["met"])
        self.assertIn("gauntlet_targets", t["claim"])
        (t,) = plugin.targets(doc(BENCH, targets="not json"))
        self.assertIn("not JSON", t["claim"])

    def test_missing_figures_are_not_measured(self):
        self.assertEqual(plugin.targets(doc([])), [])
        for t in plugin.targets(doc([scrape("seed", 100, 1.0)])):
            self.assertIsNone(t["measured"])
            self.assertFalse(t["met"])


class Sections(unittest.TestCase):
    def test_sections_show_both_curves_and_the_memory(self):
        verify = [{"family": "metrics", "name": "seed", "kind": "known-bad", "check": "series-identity",
                   "outcome": "caught", "message": "requests_total merged"}]
        out = dict(plugin.sections(doc(BENCH), verify))
        self.assertEqual(len(out), 4)
        page = "".join(out.values())
        self.assertIn("mode lookup", page)
        self.assertIn("8.5", page)
        self.assertIn("requests_total merged", page)

    def test_nothing_measured_gives_no_sections(self):
        self.assertEqual(plugin.sections(doc([]), []), [])


if __name__ == "__main__":
    sys.exit(unittest.main())
