"""Loading the JSON a run wrote (benchmark names are parsed by bench_rows)."""
import glob
import json
import os
from dataclasses import dataclass, field

import bench_rows

class BenchRows(list):
    """One family's Google Benchmark result objects, with `context`: the
    family's entry of Results.contexts, so a plugin that gets only the rows can
    read what the benchmark itself declared, such as the queue's
    gauntlet_targets."""

    def __init__(self, *rows):
        super().__init__(*rows)
        self.context = {}


@dataclass
class BenchRow:
    family: str
    workload: str
    impl: str
    params: dict          # key -> value (strings) from the name
    threads: int
    raw: dict             # the Google Benchmark result object


@dataclass
class Results:
    machine: dict = field(default_factory=dict)
    impls: list = field(default_factory=list)         # rows of gauntlet list --json
    bench: list = field(default_factory=list)         # BenchRow
    bench_raw: dict = field(default_factory=dict)     # family -> BenchRows (Google Benchmark objects)
    contexts: dict = field(default_factory=dict)      # family -> Google Benchmark context (merged over its files)
    verify: list = field(default_factory=list)        # verdict rows
    problems: list = field(default_factory=list)      # files that could not be read

    def families(self):
        seen = []
        for src in ([r["family"] for r in self.impls] + [b.family for b in self.bench]
                    + [v.get("family", "?") for v in self.verify]):
            if src not in seen:
                seen.append(src)
        return seen

    def reference(self, family):
        return self.contexts.get(family, {}).get("gauntlet_reference")

    def kind_of(self, family, impl):
        for r in self.impls:
            if r["family"] == family and r["name"] == impl:
                return r["kind"]
        return None


def _load_json(path, problems):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        problems.append(f"{os.path.basename(path)}: {e}")
        return None


def _family_for(impl, families_in_file, impls):
    for fam in families_in_file:
        if any(r["family"] == fam and r["name"] == impl for r in impls):
            return fam
    return families_in_file[0]


def load(results_dir):
    res = Results()
    res.machine = _load_json(os.path.join(results_dir, "machine.json"), res.problems) or {} \
        if os.path.exists(os.path.join(results_dir, "machine.json")) else {}
    if os.path.exists(os.path.join(results_dir, "list.json")):
        res.impls = _load_json(os.path.join(results_dir, "list.json"), res.problems) or []
    if os.path.exists(os.path.join(results_dir, "verify.json")):
        res.verify = _load_json(os.path.join(results_dir, "verify.json"), res.problems) or []
    for path in sorted(glob.glob(os.path.join(results_dir, "bench_*.json"))):
        data = _load_json(path, res.problems)
        if not data:
            continue
        ctx = data.get("context", {})
        fams = [f for f in str(ctx.get("gauntlet_family", "")).split(",") if f] or \
            [os.path.basename(path)[len("bench_"):-len(".json")]]
        for b in bench_rows.pick(data.get("benchmarks", [])):
            workload, impl, params, _ = bench_rows.parse(b)
            fam = _family_for(impl, fams, res.impls)
            res.bench.append(BenchRow(fam, workload, impl, params, int(b.get("threads", 1)), b))
            # One context per family, merged over its files (the first file wins per key);
            # the family's rows carry that same dict.
            fam_ctx = res.contexts.setdefault(fam, {})
            for key, val in ctx.items():
                fam_ctx.setdefault(key, val)
            rows = res.bench_raw.setdefault(fam, BenchRows())
            rows.context = fam_ctx
            rows.append(b)
    return res
