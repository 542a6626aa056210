"""gauntlet: benchmarks and verification for concurrency primitives and protocols.

Commands (each has --help):
  run       the main job: install deps, build, benchmark and verify every family, write the report
  test      the test suite (ctest: Catch2, Relacy at CI depth, checker, report pipeline; then the
            Catch2 suites under ThreadSanitizer and under AddressSanitizer+UBSan)
  list      every family and its implementations
  bench     run the benchmarks of some families
  verify    run the verification of some families
  report    regenerate reports/latest/index.html from reports/latest/results/
  check     check histories for linearizability (gauntlet-check)
  sim       run a protocol under the deterministic fault-injecting simulator
  mutate    weaken one memory order / fence / wake-up at a time and report what the checks miss
  compare   the regression gate: two results folders, or two builds run in alternation (--paired)
  calibrate the gate's false-alarm and detection rates on this machine
  adopt     verify and measure your own out-of-tree class against a family
  merge     join results folders (shards of a sweep split over a CI matrix) into one
  setup     install the Debian packages the project needs

Exit status: 0 success, 1 a check or step failed, 3 bad usage (check and sim
also use 1 and 2 for their verdicts; see their --help).
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import adopt as adopt_mod  # noqa: E402
import bench as bench_mod  # noqa: E402
import build as build_mod  # noqa: E402
import calibrate as calibrate_mod  # noqa: E402
import compare as compare_mod  # noqa: E402
import families as families_mod  # noqa: E402
import machine as machine_mod  # noqa: E402
import merge as merge_mod  # noqa: E402
import mutate as mutate_mod  # noqa: E402
import paired as paired_mod  # noqa: E402
import verify as verify_mod  # noqa: E402
from common import (EXIT_FAILED, EXIT_NOT_ENOUGH_DATA, EXIT_OK, EXIT_USAGE, REPORT_DIR,  # noqa: E402
                    RESULTS_DIR, ROOT, SCRIPTS, StepFailed, UsageError, ensure_dir, run, say)
from pyfind import matplotlib_python  # noqa: E402

RUN_PRESET = "release"
TEST_PRESET = "ci"


class Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit 3 like every other bad input."""

    def error(self, message):
        raise UsageError(f"{self.prog}: {message} (try --help)")


def setup_deps():
    r = subprocess.run([os.path.join(SCRIPTS, "setup-deps")])
    if r.returncode != 0:
        raise StepFailed("installing the Debian packages failed")


def positive_int(text):
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}")
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text}")
    return n


def shard_spec(text):
    k, sep, n = text.partition("/")
    try:
        k, n = int(k), int(n)
    except ValueError:
        k = n = 0
    if not sep or not 1 <= k <= n:
        raise argparse.ArgumentTypeError(f"wants K/N with 1 <= K <= N, not {text!r}")
    return (k - 1, n)


def write_list(preset, results_dir):
    import json
    ensure_dir(results_dir)
    with open(os.path.join(results_dir, "list.json"), "w") as f:
        json.dump(mutate_mod.with_scores(families_mod.implementations(preset), results_dir), f, indent=2)


def cmd_list(args):
    import json
    rows = mutate_mod.with_scores(families_mod.implementations(RUN_PRESET))
    if args.json:
        print(json.dumps(rows, indent=2))
        return EXIT_OK
    current = None
    for r in rows:
        if r["family"] != current:
            current = r["family"]
            print(current)
        print(f"  {r['name']:<30} {r['kind']:<10} {r['description']}")
    return EXIT_OK


def cmd_bench(args):
    fams = families_mod.resolve(RUN_PRESET, args.families)
    bench_mod.run_bench(RUN_PRESET, fams, args.quick, args.max_threads, args.filter, repetitions=args.repetitions)
    write_list(RUN_PRESET, RESULTS_DIR)
    machine_mod.write(RUN_PRESET, args.quick, RESULTS_DIR)
    return EXIT_OK


def cmd_verify(args):
    fams = families_mod.resolve(RUN_PRESET, args.families)
    bad = verify_mod.run_verify(RUN_PRESET, fams, args.quick, impls=families_mod.implementations(RUN_PRESET),
                                jobs=args.jobs, shard=args.shard)
    if args.shard[1] > 1:
        write_list(RUN_PRESET, RESULTS_DIR)
        machine_mod.write(RUN_PRESET, args.quick, RESULTS_DIR)
    return EXIT_FAILED if bad else EXIT_OK


def generate_report(results_dir, out_dir):
    py = matplotlib_python()
    r = run([py, os.path.join(SCRIPTS, "report", "generate.py"), "--results", results_dir, "--out", out_dir])
    if r.returncode != 0:
        raise StepFailed("report generation failed")


def cmd_mutate(args):
    if args.file and not args.source:
        raise UsageError("--file goes with --source (the memory-order sweep mutates every site it records)")
    setup_deps()
    if args.source:
        bad = mutate_mod.run_source_mutate(args.family, args.impls, os.path.join(ROOT, "build", "mutate-source"),
                                           out_path=args.json_out, limit=args.limit, only_files=args.file)
    else:
        bad = mutate_mod.run_mutate(args.family, args.impls, out_path=args.json_out, tsan=not args.no_tsan)
    return EXIT_FAILED if bad else EXIT_OK


def cmd_report(args):
    if not os.path.isdir(args.results):
        raise UsageError(f"no results in {args.results}: run `scripts/gauntlet run` (or bench/verify) first")
    generate_report(args.results, args.out)
    return EXIT_OK


def cmd_run(args):
    t0 = time.monotonic()
    setup_deps()
    # Only what the run executes: the tools, and the benchmarks and verifiers
    # of the families it runs (the unit tests belong to `test`; the gate's
    # calibration copies to `calibrate`).
    build_mod.configure(RUN_PRESET)
    build_mod.build(RUN_PRESET, ["gauntlet-list"])
    fams = families_mod.resolve(RUN_PRESET, args.families)
    # Not the Catch2 binaries (kind "test"): a run never executes them, and
    # they were a quarter of the cold build's compile time (417 of 1593 job-seconds, 2026-12-04).
    build_mod.build(RUN_PRESET, [e["target"] for e in build_mod.manifest(RUN_PRESET)
                                 if e["kind"] == "tool" or (e["family"] in fams and e["kind"] in ("bench", "verify"))])
    # A fresh results folder: a report never mixes this run with an older one.
    if os.path.isdir(RESULTS_DIR) and not args.families:
        shutil.rmtree(RESULTS_DIR)
    ensure_dir(RESULTS_DIR)
    write_list(RUN_PRESET, RESULTS_DIR)
    machine_mod.write(RUN_PRESET, args.quick, RESULTS_DIR)
    bench_mod.run_bench(RUN_PRESET, fams, args.quick, args.max_threads, repetitions=args.repetitions)
    # After the benchmarks, so that nothing runs beside them: verifiers at once, one per core.
    bad = verify_mod.run_verify(RUN_PRESET, fams, args.quick, impls=families_mod.implementations(RUN_PRESET),
                                jobs=os.cpu_count() or 1)
    if not args.quick:
        bad += mutate_mod.run_mutate_families(RUN_PRESET, fams, families_mod.implementations(RUN_PRESET))
    generate_report(RESULTS_DIR, REPORT_DIR)
    gate = EXIT_OK
    if args.baseline:
        # Last: the report above is this run's own, then the gate's verdict
        # is added to the results and the report regenerated with it.
        gate = cmd_compare(argparse.Namespace(old=args.baseline, new=RESULTS_DIR, paired=False, alpha=args.alpha,
                                              min_change=args.min_change, noise=args.noise, out=RESULTS_DIR,
                                              allow_different_machines=args.allow_different_machines,
                                              rounds=None, families=None, filter=None))
        generate_report(RESULTS_DIR, REPORT_DIR)
    say(f"run finished in {time.monotonic() - t0:.0f}s: {os.path.relpath(os.path.join(REPORT_DIR, 'index.html'))}")
    if bad:
        say(f"{bad} verification row(s) missed or failed: see the report")
        return EXIT_FAILED
    return gate


def cmd_compare(args):
    if args.paired:
        noise = compare_mod.load_noise(args.noise)
        v = paired_mod.compare_builds(args.old, args.new, args.alpha, args.min_change / 100, noise, args.rounds,
                                      args.families, args.filter)
        out = args.out or RESULTS_DIR
    else:
        if args.rounds or args.families or args.filter:
            raise UsageError("--rounds, --families and --filter go with --paired")
        v = compare_mod.compare_folders(args.old, args.new, args.alpha, args.min_change / 100, args.noise,
                                        args.allow_different_machines)
        out = args.out or args.new
    md = compare_mod.write_outputs(v, out)
    print(md, end="")
    say(f"verdict: {v['verdict']} ({os.path.relpath(os.path.join(out, 'compare.json'))}, compare.md)")
    if v["verdict"] == "regression":
        return EXIT_FAILED
    return EXIT_NOT_ENOUGH_DATA if v["verdict"] == "not enough data" else EXIT_OK


def cmd_merge(args):
    merge_mod.merge(args.dirs, args.out)
    return EXIT_OK


def cmd_adopt(args):
    setup_deps()
    return adopt_mod.adopt(args.family, args.header, args.cls, args.name, args.quick, args.include or ())


def cmd_calibrate(args):
    return calibrate_mod.run_calibration(RUN_PRESET, args.comparisons, args.rounds, args.alpha,
                                         args.min_change / 100, args.out)


# Per test, for tests that set no TIMEOUT of their own: nothing may hang CI.
CTEST_TIMEOUT_S = 900

# The sanitizer stages after the ci preset: (preset, what runs under it).
# Each builds only the Catch2 suites (and the tools they call) and runs the
# `unit` label; the presets' test entries carry the sanitizer options.
SANITIZER_STAGES = (("tsan", "ThreadSanitizer"), ("asan", "AddressSanitizer+UBSan"))


def ctest(preset, regex):
    cmd = ["ctest", "--preset", preset, "--timeout", str(CTEST_TIMEOUT_S), *(["-R", regex] if regex else [])]
    return EXIT_OK if run(cmd, cwd=ROOT).returncode == 0 else EXIT_FAILED


def cmd_test(args):
    setup_deps()
    build_mod.build(TEST_PRESET)
    status = ctest(TEST_PRESET, args.regex)
    for preset, what in SANITIZER_STAGES:
        if status != EXIT_OK or not getattr(args, preset):
            continue
        t0 = time.monotonic()
        build_mod.build(preset, ["gauntlet_unit_tests"])
        status = ctest(preset, args.regex)
        say(f"{preset} stage ({what}) {'passed' if status == EXIT_OK else 'failed'} "
            f"in {time.monotonic() - t0:.0f}s")
    return status


def passthrough(tool, argv):
    """check and sim are C++ tools; their arguments, output and exit status pass through."""
    exe = build_mod.tool_path(RUN_PRESET, tool)
    return subprocess.run([exe, *argv]).returncode


def cmd_sim(argv):
    tools = sorted(e["target"] for e in build_mod.manifest(RUN_PRESET)
                   if e["kind"] == "tool" and e["target"].startswith("gauntlet-sim-"))
    protocols = [t[len("gauntlet-sim-"):] for t in tools]
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: scripts/gauntlet sim PROTOCOL --variant NAME --seeds FIRST..LAST "
              "[--nemesis SPEC] [--seed S] [--history OUT]\n"
              f"protocols: {', '.join(protocols) or '(none built)'}\n"
              "`scripts/gauntlet sim PROTOCOL --help` describes a protocol's options.")
        return EXIT_OK if argv else EXIT_USAGE
    if argv[0] not in protocols:
        raise UsageError(f"unknown protocol {argv[0]!r}; valid: {', '.join(protocols)}")
    return passthrough("gauntlet-sim-" + argv[0], argv[1:])


COMPARE_HELP = """Compares two results folders as `run` writes them (bench_*.json, verify.json,
machine.json), or with --paired two build folders whose benchmark binaries it
runs in alternation on this machine.

Per benchmark: a two-sided Mann-Whitney U test on the repetitions (paired: the
Wilcoxon signed-rank test on the per-pair ratios), Holm-corrected across every benchmark
compared (it bounds the chance of any false alarm in the run, which is what
failing a build costs). A change counts when it is significant and larger than
--min-change and the benchmark's noise (--noise, else its own spread). A
verification row that was passed or caught and is now failed or missed is a
regression. Folders from different machines (CPU, cores, compiler, flags) are
refused unless --allow-different-machines.

Writes compare.json (the verdict) and compare.md (a pull-request comment) and
prints the latter.

Exit status: 0 no regression, 1 a regression, 2 not enough data to judge any
benchmark (more repetitions or rounds), 3 bad input."""


ADOPT_HELP = """Builds the family's benchmarks, tests and verifiers with your class added to the
family's list (through a generated header and a CMake option, never by editing
the tree), runs every check of the family on it, and compares it with the
family's reference and every peer on every workload.

  scripts/gauntlet adopt queue path/to/my_queue.hpp MyQueue --quick

A class that reaches shared memory through gauntlet's platform layer
(impls/platform/platform.hpp: gauntlet::atomic, shared_var, mutex,
condition_variable) is model-checked by Relacy; one that uses std::atomic
directly cannot be, and still gets the stress, linearizability and
ThreadSanitizer checks. A class that does not meet the family's contract gets
one line naming what is missing (exit 3). Protocol families (raft, 2pc) are out
of scope: their implementations are configurations of one core, not classes.

What each family takes (its contract file is named in the error):
  rwlock, semaphore, ring, pool, metrics, layout, log   a class
  queue    a class template over the element type
  batch    a batching policy, a class template over the message type, run in
           gauntlet's processor over the mutex queue
  checkpoint, detector   a class of either kind: a checkpointer (over the
           checkpoint::Fs it is given) or a snapshot state; a detector or a
           heartbeat recorder
Where Relacy has nothing to check (a single-threaded kind, a pure policy, a
logger without our ring core) the summary says so in a `model-check` row.

Writes build/adopt/FAMILY-NAME/results/adopt.json and prints a one-screen
summary. Exit status: 0 every check passed, 1 a check failed, 3 bad input."""


def add_gate_options(p, noise=True):
    p.add_argument("--alpha", type=float, default=0.01,
                   help="family-wise false-alarm level over the whole comparison (default: 0.01)")
    p.add_argument("--min-change", type=float, default=3.0, metavar="PERCENT",
                   help="smallest change that counts, in percent (default: 3)")
    if noise:
        p.add_argument("--noise", metavar="FILE",
                       help="per-benchmark noise from A/A runs (gate_calibration.json from `calibrate`)")
        p.add_argument("--allow-different-machines", action="store_true",
                       help="compare results from different CPUs, core counts, compilers or flags")


def parser():
    p = Parser(prog="gauntlet", description=__doc__.split("\n")[0],
               epilog="Run `scripts/gauntlet COMMAND --help` for a command's options.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    r = sub.add_parser("run", help="the main job: deps, build, bench + verify every family, report")
    r.add_argument("--quick", action="store_true", help="short benchmarks and CI-depth checks (under 5 minutes once built)")
    r.add_argument("--max-threads", type=positive_int, help="top of the thread sweeps (default: the hardware's)")
    r.add_argument("--families", nargs="+", metavar="FAMILY", help="only these families (default: all)")
    r.add_argument("--repetitions", type=positive_int,
                   help="benchmark repetitions (default: 1 quick, 3 full; the gate needs 6 or more a side)")
    r.add_argument("--baseline", metavar="DIR",
                   help="a results folder of an earlier run: compare against it as the last step (exit 1 on a "
                        "regression, see `compare --help`)")
    add_gate_options(r)
    r.set_defaults(func=cmd_run)

    t = sub.add_parser("test", help="the test suite (what CI runs)")
    t.add_argument("--tsan", action=argparse.BooleanOptionalAction, default=True,
                   help="also build the tsan preset and run the Catch2 suite under ThreadSanitizer (default: on)")
    t.add_argument("--asan", action=argparse.BooleanOptionalAction, default=True,
                   help="also build the asan preset and run the Catch2 suite under AddressSanitizer and "
                        "UndefinedBehaviorSanitizer (default: on)")
    t.add_argument("-R", "--regex", help="only ctest tests matching this regex")
    t.set_defaults(func=cmd_test)

    ls = sub.add_parser("list", help="every family and its implementations")
    ls.add_argument("--json", action="store_true", help="one JSON array of {family, name, kind, description}")
    ls.set_defaults(func=cmd_list)

    b = sub.add_parser("bench", help="run the benchmarks of some families")
    b.add_argument("families", nargs="*", metavar="FAMILY", help="families to benchmark (default: all)")
    b.add_argument("--quick", action="store_true", help="short runs")
    b.add_argument("--max-threads", type=positive_int, help="top of the thread sweeps (default: the hardware's)")
    b.add_argument("--filter", help="Google Benchmark name filter (regex)")
    b.add_argument("--repetitions", type=positive_int, help="benchmark repetitions (default: 1 quick, 3 full)")
    b.set_defaults(func=cmd_bench)

    c = sub.add_parser("compare", help="the regression gate: compare two results folders (or two builds, --paired)",
                       description=COMPARE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("old", metavar="BASELINE", help="results folder of the baseline (with --paired: its build folder)")
    c.add_argument("new", metavar="CURRENT", help="results folder of the current run (with --paired: its build folder)")
    c.add_argument("--paired", action="store_true",
                   help="BASELINE and CURRENT are build folders: run their benchmark binaries in alternation here "
                        "and judge the per-pair ratios (the mode for shared, noisy runners)")
    c.add_argument("--rounds", type=positive_int,
                   help="with --paired: pairs per benchmark (default: the fewest that can flag at --alpha, plus 4)")
    c.add_argument("--families", nargs="+", metavar="FAMILY", help="with --paired: only these families' binaries")
    c.add_argument("--filter", help="with --paired: Google Benchmark name filter (regex)")
    c.add_argument("--out", metavar="DIR",
                   help="where compare.json and compare.md go (default: CURRENT; with --paired reports/latest/results)")
    add_gate_options(c)
    c.set_defaults(func=cmd_compare)

    cal = sub.add_parser("calibrate", help="measure the gate's false-alarm rate (A/A) and its detection of an "
                                           "injected 5%% and 10%% slowdown, in paired mode, on this machine")
    cal.add_argument("--comparisons", type=positive_int, default=100,
                     help="comparisons per case: A/A, +5%%, +10%% (default: 100)")
    cal.add_argument("--rounds", type=positive_int, help="pairs per comparison (default: as compare --paired)")
    cal.add_argument("--out", default=RESULTS_DIR, help="where gate_calibration.json goes (default: reports/latest/results)")
    add_gate_options(cal, noise=False)
    cal.set_defaults(func=cmd_calibrate)

    v = sub.add_parser("verify", help="run the verification of some families")
    v.add_argument("families", nargs="*", metavar="FAMILY", help="families to verify (default: all)")
    v.add_argument("--quick", action="store_true", help="CI depth instead of full depth")
    v.add_argument("--jobs", type=positive_int, default=os.cpu_count() or 1,
                   help="verifiers run at once (default: the machine's cores); rows keep the serial order")
    v.add_argument("--shard", type=shard_spec, default=(0, 1), metavar="K/N",
                   help="only the K-th of N disjoint parts of the verifiers (join the folders with `merge`)")
    v.set_defaults(func=cmd_verify)

    ad = sub.add_parser("adopt", help="verify and measure your own out-of-tree class against a family",
                        description=ADOPT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    ad.add_argument("family", metavar="FAMILY", help="the family whose contract the class meets: "
                    + ", ".join(adopt_mod.FAMILIES))
    ad.add_argument("header", metavar="HEADER", help="the header that defines the class")
    ad.add_argument("cls", metavar="CLASS", help="the class (queue: a class template over the element type; batch: over the message type)")
    ad.add_argument("--name", help="its name in the results (default: CLASS in kebab-case)")
    ad.add_argument("--quick", action="store_true", help="CI-depth checks and short benchmarks (a few minutes)")
    ad.add_argument("--include", nargs="+", metavar="DIR", help="include folders the header needs")
    ad.set_defaults(func=cmd_adopt)

    mg = sub.add_parser("merge", help="merge results folders (shards of verify or sim, other runs) into one",
                        description="Joins results folders: verify.json rows and sim row files (JSON arrays of "
                                    "per-seed rows, as `sim --json-out` writes) are concatenated and sorted; "
                                    "bench_*.json and other files are taken from the one folder that has them "
                                    "(two different copies are refused); machine.json must agree. A known-bad "
                                    "variant's catcher that no shard ran becomes a `missed` row, as in verify. "
                                    "Exit 0, or 3 on bad input.")
    mg.add_argument("dirs", nargs="+", metavar="DIR", help="results folders to merge")
    mg.add_argument("--out", required=True, metavar="DIR", help="the merged folder (created; must not be one of DIR)")
    mg.set_defaults(func=cmd_merge)

    mu = sub.add_parser("mutate", help="mutation score of a family's implementations (memory orders, fences, "
                                      "wake-ups)",
                        description="Records every site the family's verifiers execute for each of our "
                                    "implementations, then reruns them with one site weakened at a time. Exit 0 "
                                    "when every mutant is killed or justified in the code, 1 when one survives.")
    mu.add_argument("family", metavar="FAMILY", help="the family whose implementations are mutated")
    mu.add_argument("impls", nargs="*", metavar="IMPL", help="implementations to mutate (default: every one of ours)")
    mu.add_argument("--json-out", metavar="FILE",
                    help="where the results go (default: reports/latest/results/mutation_FAMILY.json)")
    mu.add_argument("--source", action="store_true",
                    help="source mutants instead (< / <=, + 1 / - 1 at bounds, a deleted wake-up or timer re-arm, two "
                         "adjacent statements swapped), each built "
                         "through an overlay folder as an out-of-tree implementation would be")
    mu.add_argument("--no-tsan", action="store_true",
                    help="skip the last leg: a mutant that survives the checks of the mutate build (Relacy, stress, "
                         "linearizability) reruns under the same verifiers built with ThreadSanitizer (preset "
                         "mutate-tsan, built only when a mutant needs it)")
    mu.add_argument("--limit", type=positive_int, help="with --source: only the first N mutants of each implementation")
    mu.add_argument("--file", action="append", metavar="PATH",
                    help="with --source: only the mutants of this file (a path from the repository root, as the "
                         "survivor lines print it; repeatable); it must be one the implementation's checks execute")
    mu.set_defaults(func=cmd_mutate)

    rep = sub.add_parser("report", help="regenerate the HTML report from the JSON results")
    rep.add_argument("--results", default=RESULTS_DIR, help="folder of result JSON (default: reports/latest/results)")
    rep.add_argument("--out", default=REPORT_DIR, help="where index.html goes (default: reports/latest)")
    rep.set_defaults(func=cmd_report)

    s = sub.add_parser("setup", help="install the Debian packages the project needs (as root)")
    s.set_defaults(func=lambda a: setup_deps() or EXIT_OK)

    sub.add_parser("check", help="check histories for linearizability (see `check --help`)", add_help=False)
    sub.add_parser("sim", help="run a protocol under the fault-injecting simulator (see `sim --help`)", add_help=False)
    return p


def main(argv):
    try:
        if argv and argv[0] == "check":
            return passthrough("gauntlet-check", argv[1:])
        if argv and argv[0] == "sim":
            return cmd_sim(argv[1:])
        p = parser()
        args = p.parse_args(argv)
        if not args.command:
            p.print_help()
            return EXIT_USAGE
        return args.func(args)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except StepFailed as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
