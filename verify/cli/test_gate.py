"""The regression gate's statistics and folder handling, on synthetic samples
drawn with fixed seeds: deterministic, and nothing here is timed.

Run: python3 verify/cli/test_gate.py
"""
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts", "gauntlet_cli"))

import compare  # noqa: E402
import gate_stats as st  # noqa: E402
import paired  # noqa: E402

GAUNTLET = os.path.join(ROOT, "scripts", "gauntlet")


class MannWhitney(unittest.TestCase):
    def test_exact_values_by_hand(self):
        # x entirely above y with 3 + 3 samples: U = 9, and only 1 of the 20
        # arrangements is as extreme on that side, so p = 2 / 20.
        u, p = st.mann_whitney([4, 5, 6], [1, 2, 3])
        self.assertEqual(u, 9)
        self.assertAlmostEqual(p, 0.1)
        self.assertAlmostEqual(st.mann_whitney_min_p(3, 3), 0.1)
        # Interleaved samples carry no evidence.
        self.assertAlmostEqual(st.mann_whitney([1, 3, 5], [2, 4, 6])[1], 0.7)

    def test_distribution_counts_sum_to_the_binomial(self):
        for n in range(1, 8):
            for m in range(1, 8):
                counts = st._u_counts(n, m)
                self.assertEqual(sum(counts), math.comb(n + m, n))
                self.assertEqual(counts, counts[::-1])  # symmetric around n*m/2

    def test_null_rejects_at_most_alpha(self):
        # Under H0 (one distribution), the two-sided test at 0.05 must reject
        # at most about 5% of the time; exact tests are conservative.
        rng = random.Random(20261201)
        rejections = sum(st.mann_whitney([rng.gauss(0, 1) for _ in range(10)],
                                         [rng.gauss(0, 1) for _ in range(10)])[1] <= 0.05 for _ in range(2000))
        self.assertLessEqual(rejections / 2000, 0.06)

    def test_shift_is_found(self):
        rng = random.Random(7)
        x = [rng.gauss(1.2, 0.05) for _ in range(15)]
        y = [rng.gauss(1.0, 0.05) for _ in range(15)]
        self.assertLess(st.mann_whitney(x, y)[1], 1e-5)

    def test_ties_use_the_corrected_normal_approximation(self):
        u, p = st.mann_whitney([1, 1, 1, 1], [1, 1, 1, 1])
        self.assertEqual(p, 1.0)
        self.assertGreater(st.mann_whitney([1, 2, 2, 3, 3], [2, 3, 3, 4, 4])[1], 0.05)


class Holm(unittest.TestCase):
    def test_step_down_by_hand(self):
        # sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, then max(0.06, 0.04*1).
        self.assertEqual([round(p, 10) for p in st.holm([0.01, 0.04, 0.03, 0.005])], [0.03, 0.06, 0.06, 0.02])

    def test_never_below_the_raw_p_and_capped_at_one(self):
        rng = random.Random(3)
        ps = [rng.random() for _ in range(50)]
        for raw, adj in zip(ps, st.holm(ps)):
            self.assertGreaterEqual(adj, raw)
            self.assertLessEqual(adj, 1.0)


class SignTestAndIntervals(unittest.TestCase):
    def test_sign_test_by_hand(self):
        self.assertAlmostEqual(st.sign_test([1] * 10), 2 / 1024)
        self.assertAlmostEqual(st.sign_test([1, -1]), 1.0)
        self.assertEqual(st.sign_test([0, 0]), 1.0)

    def test_signed_rank_by_hand(self):
        # Five positive differences: only 1 of the 2^5 sign patterns is as extreme on that side.
        self.assertAlmostEqual(st.signed_rank([1, 2, 3, 4, 5]), 2 / 32)
        # W+ = 1 + 3 + 5 = 9 of 15: W+ >= 9 when the negative ranks sum to 6 or less, 13 of the
        # 32 patterns (0; 1..5 alone; 1+2 1+3 1+4 1+5 2+3 2+4; 1+2+3): two-sided 26/32.
        self.assertAlmostEqual(st.signed_rank([1, -2, 3, -4, 5]), 26 / 32)
        self.assertEqual(st.signed_rank([0, 0, 0]), 1.0)

    def test_median_interval_covers_the_median(self):
        # P(Bin(10, 1/2) <= 1) = 11/1024 <= 2.5% < P(<= 2): k = 2.
        self.assertEqual(st.median_interval(list(range(1, 11))), (2, 9))
        self.assertIsNone(st.median_interval([1, 2, 3, 4, 5]))  # 2 / 32 > 5%: no 95% interval

    def test_ratio_interval_brackets_a_known_ratio(self):
        rng = random.Random(11)
        base = [100 * math.exp(rng.gauss(0, 0.02)) for _ in range(12)]
        cur = [110 * math.exp(rng.gauss(0, 0.02)) for _ in range(12)]
        lo, hi = st.ratio_interval(base, cur)
        self.assertLess(lo, 1.10)
        self.assertGreater(hi, 1.10)
        self.assertGreater(lo, 1.0)
        self.assertIsNone(st.ratio_interval([1, 2], [3, 4]))


def rows(name, costs):
    return [{"name": name, "run_name": name, "run_type": "iteration", "repetitions": len(costs),
             "repetition_index": i, "real_time": c, "cpu_time": c, "time_unit": "ns", "iterations": 1000,
             "items_per_second": 1e9 / c} for i, c in enumerate(costs)]


MACHINE = {"cpu": "Test CPU", "cores": 2, "max_threads": 2, "compiler": "c++ 12", "flags": "-O2",
           "build_type": "Release"}


def write_folder(path, benchmarks, verify=None, machine=MACHINE):
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "bench_bench_x.json"), "w") as f:
        json.dump({"context": {}, "benchmarks": [r for name, costs in benchmarks.items() for r in rows(name, costs)]}, f)
    with open(os.path.join(path, "machine.json"), "w") as f:
        json.dump(machine, f)
    if verify is not None:
        with open(os.path.join(path, "verify.json"), "w") as f:
            json.dump(verify, f)


def sample(rng, center, n, noise=0.03):
    return [center * math.exp(rng.gauss(0, noise)) for _ in range(n)]


class Folders(unittest.TestCase):
    """compare on results folders, through the command line: exit statuses 0, 1, 2, 3."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.rng = random.Random(1201)

    def tearDown(self):
        self.tmp.cleanup()

    def gauntlet(self, *args):
        r = subprocess.run([GAUNTLET, "compare", *args], capture_output=True, text=True, timeout=60)
        return r.returncode, r.stdout, r.stderr

    def folders(self, base, cur, verify_base=None, verify_cur=None, machine_cur=MACHINE):
        a, b = os.path.join(self.dir, "a"), os.path.join(self.dir, "b")
        write_folder(a, base, verify_base)
        write_folder(b, cur, verify_cur, machine_cur)
        return a, b

    def suite(self, slow=1.0, n=12):
        return {f"w{i}/impl/threads:1": sample(self.rng, 100 * (slow if i == 3 else 1), n) for i in range(6)}

    def test_same_distribution_exits_0(self):
        a, b = self.folders(self.suite(), self.suite())
        status, out, err = self.gauntlet(a, b)
        self.assertEqual(status, 0, err)
        self.assertIn("no regression", out)
        v = json.load(open(os.path.join(b, "compare.json")))
        self.assertEqual(v["verdict"], "no regression")
        self.assertEqual(v["correction"], "holm")

    def test_a_twenty_percent_slowdown_exits_1_and_leads_the_summary(self):
        a, b = self.folders(self.suite(), self.suite(slow=1.2))
        status, out, err = self.gauntlet(a, b)
        self.assertEqual(status, 1, out + err)
        self.assertIn("#### Regressions", out)
        first = [line for line in out.splitlines() if line.startswith("| `")][0]
        self.assertIn("w3/impl", first)
        v = json.load(open(os.path.join(b, "compare.json")))
        flagged = [r["benchmark"] for r in v["benchmarks"] if r["verdict"] == "regression"]
        self.assertEqual(flagged, ["w3/impl/threads:1"])

    def test_a_change_below_the_floor_is_not_a_regression(self):
        # 2% slower, tight noise: significant, but under the 3% floor.
        base = {"w/impl": sample(self.rng, 100, 20, 0.002)}
        cur = {"w/impl": sample(self.rng, 102, 20, 0.002)}
        a, b = self.folders(base, cur)
        status, out, _ = self.gauntlet(a, b)
        self.assertEqual(status, 0, out)
        status, out, _ = self.gauntlet(a, b, "--min-change", "1")
        self.assertEqual(status, 1, out)

    def test_three_repetitions_is_not_enough_data(self):
        a, b = self.folders(self.suite(n=3), self.suite(slow=2.0, n=3))
        status, out, _ = self.gauntlet(a, b)
        self.assertEqual(status, 2, out)
        self.assertIn("not enough data", out)

    def test_a_verification_regression_fails_whatever_the_timings(self):
        good = [{"family": "queue", "name": "spsc", "check": "relacy-fifo", "outcome": "passed"},
                {"family": "queue", "name": "bad", "check": "relacy-fifo", "outcome": "caught"}]
        bad = [dict(good[0], outcome="failed"), dict(good[1], outcome="missed")]
        suite = self.suite()
        a, b = self.folders(suite, suite, good, bad)
        status, out, _ = self.gauntlet(a, b)
        self.assertEqual(status, 1, out)
        self.assertIn("passed -> failed", out)
        self.assertIn("caught -> missed", out)

    def test_different_machines_are_refused_with_what_differs(self):
        a, b = self.folders(self.suite(), self.suite(), machine_cur=dict(MACHINE, cores=16))
        status, _, err = self.gauntlet(a, b)
        self.assertEqual(status, 3)
        self.assertIn("cores: 2 != 16", err)
        self.assertEqual(len(err.strip().splitlines()), 1)
        status, _, err = self.gauntlet(a, b, "--allow-different-machines")
        self.assertEqual(status, 0, err)

    def test_bad_input_is_one_line_naming_the_file(self):
        a, b = self.folders(self.suite(), self.suite())
        with open(os.path.join(b, "bench_bench_x.json"), "w") as f:
            f.write('{"benchmarks": [\n{"name": }')
        status, _, err = self.gauntlet(a, b)
        self.assertEqual(status, 3)
        self.assertIn("bench_bench_x.json:2:", err)
        status, _, err = self.gauntlet(a, os.path.join(self.dir, "nope"))
        self.assertEqual(status, 3)
        self.assertIn("no such results folder", err)
        empty = os.path.join(self.dir, "empty")
        os.makedirs(empty)
        status, _, err = self.gauntlet(a, empty)
        self.assertEqual(status, 3)
        self.assertIn("not a results folder", err)


class PairedVerdicts(unittest.TestCase):
    """The paired mode's judgement on synthetic pair ratios (the runner is not timed here)."""

    def verdict(self, ratios, **kw):
        rows = paired.paired_rows(ratios, {}, kw.get("alpha", 0.01), kw.get("min_change", 0.03), {})
        return compare.verdict(rows, [], [], [], "paired", 0.01, 0.03)

    def test_rounds_follow_from_the_number_of_benchmarks(self):
        # 2 / 2^n <= 0.01 / 4 first at n = 10; plus the margin.
        self.assertEqual(paired.rounds_needed(4, 0.01), 10 + paired.ROUND_MARGIN)

    def test_aa_ratios_pass_and_a_ten_percent_slowdown_fails(self):
        rng = random.Random(99)
        aa = {("f", f"b{i}"): [math.exp(rng.gauss(0, 0.03)) for _ in range(14)] for i in range(4)}
        self.assertEqual(self.verdict(aa)["verdict"], "no regression")
        slow = {k: [r * 1.10 for r in v] for k, v in aa.items()}
        v = self.verdict(slow)
        self.assertEqual(v["verdict"], "regression")
        self.assertTrue(all(r["interval"][0] > 1.0 for r in v["benchmarks"]))

    def test_too_few_pairs_is_not_enough_data(self):
        v = self.verdict({("f", "b"): [1.5, 1.6, 1.4]})
        self.assertEqual(v["verdict"], "not enough data")


if __name__ == "__main__":
    unittest.main(verbosity=2)
