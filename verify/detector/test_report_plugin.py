#!/usr/bin/env python3
"""Tests of scripts/report/plugins/detector.py on small fixed inputs."""
import importlib.util
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.join(HERE, "..", "..", "scripts", "report", "plugins", "detector.py")
spec = importlib.util.spec_from_file_location("detector_plugin", PLUGIN)
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)

TARGETS = [{"claim": "phi faster", "workload": "curve", "ours": "phi-normal", "peer": "fixed-k",
            "comparison": "td-ratio-at-most", "scenario": "mixed", "bound": 0.7, "max_mistakes_per_interval": 1e-4},
           {"claim": "lifeguard fewer", "workload": "curve", "ours": "phi-lifeguard", "peer": "phi-normal",
            "comparison": "mistakes-fewer-by", "scenario": "stalls", "factor": 10, "knob": 8}]


def point(impl, scenario, i, knob, td, mistakes, rate, undetected=0):
    return {"name": f"curve/{impl}/scenario:{scenario}/point:{i}/iterations:1", "run_type": "iteration",
            "real_time": 1.0, "time_unit": "ms", "threads": 1, "knob": knob, "td_median_ms": td, "td_p90_ms": td,
            "mistakes": mistakes, "mistakes_per_hour": mistakes * 1.0, "mistakes_per_interval": rate,
            "query_accuracy": 1.0, "undetected": undetected}


def doc(rows, targets=TARGETS):
    return {"context": {"gauntlet_targets": json.dumps(targets)}, "benchmarks": rows}


MIXED = [point("fixed-k", "mixed", 0, 2, 1600, 90, 1e-3), point("fixed-k", "mixed", 1, 4, 3600, 0, 0.0),
         point("phi-normal", "mixed", 0, 0.1, 2000, 5, 5e-5), point("phi-normal", "mixed", 1, 1, 3000, 0, 0.0),
         # fastest of all, but a crash went undetected: never the matched point
         point("phi-normal", "mixed", 2, 0.01, 100, 0, 0.0, undetected=1)]
STALLS = [point("phi-normal", "stalls", 0, 8, 5000, 11, 2e-4), point("phi-lifeguard", "stalls", 0, 8, 5000, 1, 1e-5)]


class Targets(unittest.TestCase):
    def test_matched_points_and_ratios(self):
        td, stalls = plugin.targets(doc(MIXED + STALLS))
        self.assertAlmostEqual(td["measured"], round(2000 / 3600, 3))
        self.assertTrue(td["met"])
        self.assertAlmostEqual(stalls["measured"], 11.0)
        self.assertTrue(stalls["met"])

    def test_a_ratio_past_the_bound_is_unmet(self):
        rows = [point("fixed-k", "mixed", 0, 4, 3600, 0, 0.0), point("phi-normal", "mixed", 0, 1, 3000, 0, 0.0)]
        (td,) = plugin.targets(doc(rows, TARGETS[:1]))
        self.assertFalse(td["met"])

    def test_none_of_ours_is_a_lower_bound(self):
        rows = [point("phi-normal", "stalls", 0, 8, 5000, 9, 2e-4), point("phi-lifeguard", "stalls", 0, 8, 5000, 0, 0)]
        (t,) = plugin.targets(doc(rows, TARGETS[1:]))
        self.assertAlmostEqual(t["measured"], 9.0)
        self.assertFalse(t["met"])
        self.assertIn("lower bound", t["claim"])

    def test_missing_data_is_not_measured(self):
        for t in plugin.targets(doc([point("chen", "mixed", 0, 100, 1, 0, 0.0)])):
            self.assertIsNone(t["measured"])
            self.assertFalse(t["met"])

    def test_no_declared_targets_is_one_unmet_row(self):
        (t,) = plugin.targets({"context": {}, "benchmarks": MIXED})
        self.assertFalse(t["met"])
        self.assertIn("gauntlet_targets", t["claim"])


def election(impl, recovery, needless):
    return {"name": f"election/{impl}/seeds:10/iterations:1", "run_type": "iteration", "real_time": 1.0,
            "time_unit": "ms", "threads": 1, "recovery_median_ms": recovery, "recovered": 10, "needless": needless,
            "needless_per_hour": needless / 1.6}


class Sections(unittest.TestCase):
    def test_the_election_timers_table(self):
        out = dict(plugin.sections(doc([election("raft-timer", 3500, 3), election("phi-normal", 4800, 0)]), []))
        body = out["Detector: Raft election timer driven by a detector"]
        self.assertIn("raft-timer", body)
        self.assertIn("4800", body)

    def test_one_curve_per_scenario_and_the_catchers(self):
        verify = [{"family": "detector", "name": "seed", "kind": "known-bad", "check": "recovers-after-slowness",
                   "outcome": "caught", "message": "still suspected"}]
        out = dict(plugin.sections(doc(MIXED + STALLS), verify))
        self.assertIn("Detector: T_D against mistake rate (mixed)", out)
        self.assertIn("Detector: T_D against mistake rate (stalls)", out)
        self.assertIn("recovers-after-slowness", "".join(out.values()))

    def test_nothing_measured_gives_no_sections(self):
        self.assertEqual(plugin.sections([], []), [])


if __name__ == "__main__":
    sys.exit(unittest.main())
