#!/usr/bin/env python3
"""Every implementation's fixture scrape (metrics_fixture, verify/metrics/checks.hpp)
parsed back by the Prometheus Python client's own parser (Debian
python3-prometheus-client): each series with exactly its labels (quotes,
backslashes, newlines, non-ASCII) and value. The seed's merged series must not
round-trip (the check has teeth). A missing client fails, naming the package.

usage: test_python_client.py PATH/TO/metrics_fixture
"""
import subprocess
import sys
import unittest

try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError:
    text_string_to_metric_families = None

FIXTURE = None

EXPECTED = {
    ("http_requests_total", (("code", "200"), ("path", '/a"quoted"'))): 3.0,
    ("http_requests_total", (("code", "404"), ("path", "C:\\dir\\file"))): 1.0,
    ("http_requests_total", (("code", "500"), ("path", "line1\nline2"))): 2.0,
    ("http_requests_total", (("code", "200"), ("path", "/café/日本語"))): 7.0,
    ("temperature_celsius", ()): 21.25,
    ("request_seconds_bucket", (("le", "0.005"), ("route", "/ü"))): 1.0,
    ("request_seconds_bucket", (("le", "0.1"), ("route", "/ü"))): 3.0,
    ("request_seconds_bucket", (("le", "1.0"), ("route", "/ü"))): 3.0,
    ("request_seconds_bucket", (("le", "+Inf"), ("route", "/ü"))): 4.0,
    ("request_seconds_sum", (("route", "/ü"),)): 3.151,
    ("request_seconds_count", (("route", "/ü"),)): 4.0,
}


def implementations():
    out = subprocess.run([FIXTURE, "--list"], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines() if line.strip()]


def samples(impl, tricky_help=False):
    args = [FIXTURE, impl] + (["--tricky-help"] if tricky_help else [])
    text = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    out = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            labels = dict(s.labels)
            if "le" in labels:  # "1" and "1.0" are one bound
                labels["le"] = "+Inf" if labels["le"] == "+Inf" else repr(float(labels["le"]))
            out[(s.name, tuple(sorted(labels.items())))] = s.value
    return out


def normalised(expected):
    out = {}
    for (name, labels), v in expected.items():
        d = dict(labels)
        if "le" in d and d["le"] != "+Inf":
            d["le"] = repr(float(d["le"]))
        out[(name, tuple(sorted(d.items())))] = v
    return out


class RoundTrip(unittest.TestCase):
    def test_the_client_is_installed(self):
        self.assertIsNotNone(text_string_to_metric_families,
                             "prometheus_client not importable: install the Debian package python3-prometheus-client")

    def test_every_correct_implementation_round_trips(self):
        self.assertIsNotNone(text_string_to_metric_families, "install python3-prometheus-client")
        want = normalised(EXPECTED)
        impls = implementations()
        self.assertGreaterEqual(len(impls), 2)
        for name, kind in impls:
            if kind == "known-bad":
                continue
            with self.subTest(impl=name):
                got = samples(name)
                for key, v in want.items():
                    self.assertIn(key, got, f"{name}: no sample {key}")
                    self.assertAlmostEqual(got[key], v, places=9, msg=f"{name}: {key}")
                self.assertEqual(set(got) - set(want), set(), f"{name}: samples not in the fixture")

    def test_our_help_escaping_round_trips(self):
        self.assertIsNotNone(text_string_to_metric_families, "install python3-prometheus-client")
        text = subprocess.run([FIXTURE, "atomic-series", "--tricky-help"], check=True, capture_output=True,
                              text=True).stdout
        docs = {f.name: f.documentation for f in text_string_to_metric_families(text)}
        self.assertEqual(docs["http_requests"], "Requests, C:\\path\nsecond line.")

    def test_the_seed_does_not_round_trip(self):
        self.assertIsNotNone(text_string_to_metric_families, "install python3-prometheus-client")
        got = samples("seed")
        want = normalised(EXPECTED)
        self.assertNotEqual({k: v for k, v in got.items() if k[0] == "http_requests_total"},
                            {k: v for k, v in want.items() if k[0] == "http_requests_total"})

    def test_bad_arguments_exit_3(self):
        r = subprocess.run([FIXTURE, "no-such-impl"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 3)
        self.assertIn("no metrics implementation", r.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test_python_client.py PATH/TO/metrics_fixture")
    FIXTURE = sys.argv.pop(1)
    sys.exit(unittest.main())
