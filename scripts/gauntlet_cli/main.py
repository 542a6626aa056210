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

import bench as bench_mod  # noqa: E402
import build as build_mod  # noqa: E402
import families as families_mod  # noqa: E402
import machine as machine_mod  # noqa: E402
import mutate as mutate_mod  # noqa: E402
import verify as verify_mod  # noqa: E402
from common import (EXIT_FAILED, EXIT_OK, EXIT_USAGE, REPORT_DIR, RESULTS_DIR, ROOT, SCRIPTS,  # noqa: E402
                    StepFailed, UsageError, ensure_dir, run, say)
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
    bench_mod.run_bench(RUN_PRESET, fams, args.quick, args.max_threads, args.filter)
    write_list(RUN_PRESET, RESULTS_DIR)
    machine_mod.write(RUN_PRESET, args.quick, RESULTS_DIR)
    return EXIT_OK


def cmd_verify(args):
    fams = families_mod.resolve(RUN_PRESET, args.families)
    bad = verify_mod.run_verify(RUN_PRESET, fams, args.quick, impls=families_mod.implementations(RUN_PRESET))
    return EXIT_FAILED if bad else EXIT_OK


def generate_report(results_dir, out_dir):
    py = matplotlib_python()
    r = run([py, os.path.join(SCRIPTS, "report", "generate.py"), "--results", results_dir, "--out", out_dir])
    if r.returncode != 0:
        raise StepFailed("report generation failed")


def cmd_mutate(args):
    setup_deps()
    if args.source:
        bad = mutate_mod.run_source_mutate(args.family, args.impls, os.path.join(ROOT, "build", "mutate-source"),
                                           out_path=args.json_out, limit=args.limit)
    else:
        bad = mutate_mod.run_mutate(args.family, args.impls, out_path=args.json_out)
    return EXIT_FAILED if bad else EXIT_OK


def cmd_report(args):
    if not os.path.isdir(args.results):
        raise UsageError(f"no results in {args.results}: run `scripts/gauntlet run` (or bench/verify) first")
    generate_report(args.results, args.out)
    return EXIT_OK


def cmd_run(args):
    t0 = time.monotonic()
    setup_deps()
    # Only what the run executes: benchmarks, verifiers and tools (the unit
    # tests belong to `test`).
    build_mod.configure(RUN_PRESET)
    build_mod.build(RUN_PRESET, [e["target"] for e in build_mod.manifest(RUN_PRESET)])
    fams = families_mod.resolve(RUN_PRESET, args.families)
    # A fresh results folder: a report never mixes this run with an older one.
    if os.path.isdir(RESULTS_DIR) and not args.families:
        shutil.rmtree(RESULTS_DIR)
    ensure_dir(RESULTS_DIR)
    write_list(RUN_PRESET, RESULTS_DIR)
    machine_mod.write(RUN_PRESET, args.quick, RESULTS_DIR)
    bench_mod.run_bench(RUN_PRESET, fams, args.quick, args.max_threads)
    bad = verify_mod.run_verify(RUN_PRESET, fams, args.quick, impls=families_mod.implementations(RUN_PRESET))
    if not args.quick:
        bad += mutate_mod.run_mutate_families(RUN_PRESET, fams, families_mod.implementations(RUN_PRESET))
    generate_report(RESULTS_DIR, REPORT_DIR)
    say(f"run finished in {time.monotonic() - t0:.0f}s: {os.path.relpath(os.path.join(REPORT_DIR, 'index.html'))}")
    if bad:
        say(f"{bad} verification row(s) missed or failed: see the report")
        return EXIT_FAILED
    return EXIT_OK


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


def parser():
    p = Parser(prog="gauntlet", description=__doc__.split("\n")[0],
               epilog="Run `scripts/gauntlet COMMAND --help` for a command's options.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    r = sub.add_parser("run", help="the main job: deps, build, bench + verify every family, report")
    r.add_argument("--quick", action="store_true", help="short benchmarks and CI-depth checks (under 5 minutes once built)")
    r.add_argument("--max-threads", type=positive_int, help="top of the thread sweeps (default: the hardware's)")
    r.add_argument("--families", nargs="+", metavar="FAMILY", help="only these families (default: all)")
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
    b.set_defaults(func=cmd_bench)

    v = sub.add_parser("verify", help="run the verification of some families")
    v.add_argument("families", nargs="*", metavar="FAMILY", help="families to verify (default: all)")
    v.add_argument("--quick", action="store_true", help="CI depth instead of full depth")
    v.set_defaults(func=cmd_verify)

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
    mu.add_argument("--limit", type=positive_int, help="with --source: only the first N mutants of each implementation")
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
