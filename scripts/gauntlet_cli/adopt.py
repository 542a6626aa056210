"""`gauntlet adopt FAMILY HEADER CLASS`: verify and measure a user's out-of-tree class.

The class joins the family's list through a generated header
(build/adopt/<family>-<name>/adopted.hpp, included by
impls/platform/adopted.hpp under -DGAUNTLET_ADOPT_HEADER), never by editing
the tree. In that build the family's verifiers and tests iterate the adopted
class alone (GAUNTLET_ADOPT_ONLY), and its benchmarks keep every class, so the
report can put the class beside the family's reference and peers.

What runs, for the adopted class: the family's verifiers (Relacy where the
class reaches atomics through gauntlet's platform layer, the stress and
linearizability verifiers always), the family's Catch2 tests in that build and
under ThreadSanitizer, and the family's benchmarks.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

import gate_stats as st
from common import EXIT_FAILED, EXIT_OK, ROOT, StepFailed, UsageError, ensure_dir, run, say
from compare import bench_samples
from verify import run_verifier

# Families whose interface a user's class can meet, with how the generated
# wrapper derives from the class. `template`: the class is a class template
# over the element type (the queue's rebind<U> needs one).
FAMILIES = {
    "rwlock": {"template": False, "contract": "impls/rwlock/rwlock.hpp (concept RwLock), listed in impls/rwlock/family.hpp"},
    "semaphore": {"template": False,
                  "contract": "impls/semaphore/interface.hpp (concept WeightedSemaphore), listed in "
                              "impls/semaphore/family.hpp"},
    "queue": {"template": True, "element": "::gauntlet::queue::element",
              "contract": "impls/queue/family.hpp (concept QueueInterface; status.hpp has Status and Order)"},
    "pool": {"template": False, "wrapper": "pool",
             "contract": "impls/pool/interface.hpp (concept Pool: allocate(n) -> void*, deallocate(block, n), "
                         "static constexpr bool checks_frees; default-constructible, or from a pool::PoolConfig)"},
    "metrics": {"template": False,
                "contract": "impls/metrics/interface.hpp (concept MetricsRegistry: default-constructible; counter, "
                            "gauge and histogram lookups into handles with inc/add, set/add, observe; a const "
                            "scrape() returning the Prometheus text format, exposition.hpp)"},
    "ring": {"template": False,
             "contract": "impls/ring/family.hpp (concept RingInterface: a constructor from the capacity in bytes, "
                         "try_write and try_read answering bool or ring::Status, max_producers, max_consumers)"},
    "batch": {"template": True, "wrapper": "batch",
              "contract": "impls/batch/batcher.hpp (concept BatchPolicy: a class template over the message type, "
                          "built from (max_size, timeout, start); add(m, now), tick(now) and flush() answer "
                          "std::optional<std::vector<M>>, deadline() const answers "
                          "std::optional<clock::time_point>)",
              "no_model_check": ("a pure policy",
                                 "a batching policy is single-threaded, on made-up times: the sweeps try its "
                                 "timing rule exactly; the processor around it (gauntlet's, over the mutex queue) "
                                 "runs it on real threads")},
    "log": {"template": False,
            "contract": "impls/log/interface.hpp (concept Logger: built from a log::Config; log(level, message, "
                        "fields) -> bool, start(), flush(), shutdown(), counters() const -> log::Counters, "
                        "static overflow and drop_records; the types are in impls/log/record.hpp)",
            "no_model_check": ("the model checks drive our ring core",
                               "the log family's Relacy suites drive a logger's ring core (L::core_type, "
                               "impls/log/core.hpp); a logger without one is checked on real threads: accounting, "
                               "order, drop records, lifecycle and ThreadSanitizer"),
            # The crash test's fixture process is built around ring-block (#15).
            "not_run": [("crash-sigkill", "the crash test's fixture process logs through ring-block only")],
            # A latency row's time is a whole burst's; the family's figure is the tail.
            "counters": {"latency": "p99_9_ns", "idle_cpu": "idle_cpu_percent"}},
    "layout": {"template": False,
               "contract": "impls/layout/interface.hpp (concept CounterSet: built from a thread count, 0 throwing "
                           "std::invalid_argument; increment(i), sum() const, cell(i) const -> const void*, "
                           "threads() const, static constexpr separation and layout(), layout_check.hpp)"},
    # `no_model_check`: why a class on the platform layer still gets no Relacy
    # row (short, long). In families of two kinds Relacy checks the threaded
    # kind only; the log's suites drive our ring core.
    "checkpoint": {"template": False,
                   "contract": "impls/checkpoint/interface.hpp (concept Checkpointer: built from a checkpoint::Fs&, "
                               "checkpoint(byte_view) -> bool once durable, recover() -> std::optional<bytes>, every "
                               "file operation through the Fs of impls/checkpoint/fs.hpp; or concept SnapshotState: "
                               "built from a word count, write(i, v), snapshot(out), size())",
                   "no_model_check": ("a single-threaded kind",
                                      "a checkpointer is single-threaded: its model is the crash checker, which "
                                      "tries every crash state of its file-system calls (Relacy checks the "
                                      "snapshot states)"),
                   # The quick run stops the state sizes at 4 MiB (64 MiB otherwise), fsyncs being the cost.
                   "quick_env": {"GAUNTLET_CHECKPOINT_MAX_BYTES": str(4 << 20)},
                   # The family's reference is a checkpointer; a snapshot state's is the copy-on-write one.
                   "references": {"pause": "chunked-cow"}},
    "detector": {"template": False,
                 "contract": "impls/detector/interface.hpp (concept Detector: built from its knob, heartbeat(n, t), "
                             "tick(t), suspect(n, t) const -> bool, suspicion(n, t) const, knob_name, default_knob, "
                             "knob_sweep; or concept Recorder: built from a node count, record(n, t), last_seen(n) "
                             "const -> micros, count(n) const -> std::uint64_t)",
                 "no_model_check": ("a single-threaded kind",
                                    "a detector is single-threaded over virtual time: its traces replay exactly "
                                    "(Relacy checks the recorders)"),
                 # Virtual-time rows: their clock time is no measurement. The
                 # election's is compared by its recovery time; a knob curve
                 # point by nothing (points of two detectors are other knobs).
                 "counters": {"election": "recovery_median_ms"}, "untimed": ("curve",),
                 "references": {"record": "atomic-recorder"}},
}
OUT_OF_SCOPE = ("raft", "2pc")


def kebab(name):
    base = name.split("::")[-1]
    return re.sub(r"(?<!^)(?=[A-Z])", "-", base).lower().replace("_", "-")


def user_files(header, includes):
    """The header and every file it includes with quotes that resolves in its
    own folder or the include folders, gauntlet's own impls/ left out."""
    seen, todo, impls = [], [os.path.abspath(header)], os.path.join(ROOT, "impls") + os.sep
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.append(path)
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for inc in re.findall(r'^\s*#\s*include\s*"([^"]+)"', text, re.M):
            for base in (os.path.dirname(path), *includes, ROOT):
                cand = os.path.abspath(os.path.join(base, inc))
                if os.path.isfile(cand):
                    if not cand.startswith(impls):
                        todo.append(cand)
                    break
    return seen


def uses_platform_layer(paths):
    """Relacy can model-check a class that reaches shared memory through
    impls/platform/platform.hpp; one that names std::atomic directly it
    cannot see (and would hang spinning on a real atomic under its scheduler)."""
    platform = False
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        code = "\n".join(line.split("//", 1)[0] for line in text.splitlines())
        if re.search(r"\bstd::atomic\b(?!_thread_fence)", code):
            return False
        platform |= bool(re.search(r'#\s*include\s*"impls/', code))
    return platform


QUEUE_WRAPPER = """#include "impls/queue/status.hpp"

namespace gauntlet::adopt_user {{
template <class Q>
consteval ::gauntlet::queue::Order order_of() {{
  if constexpr (requires {{ Q::order; }})
    return Q::order;
  else
    return ::gauntlet::queue::Order::fifo;  // a queue that says nothing claims FIFO
}}
template <class T>
struct Adopted : {cls}<T> {{
  using {cls}<T>::{base};
  using value_type = T;
  template <class U>
  using rebind = Adopted<U>;
  static constexpr ::gauntlet::queue::Order order = order_of<{cls}<T>>();
{members}}};
}}  // namespace gauntlet::adopt_user
"""

# A class template joins the family's list as adopt_user::Adopted<E>, for the
# family's element type E.
TEMPLATE_ADOPTED = """
template <>
struct gauntlet::adopted<"{family}"> {{
  template <class... E>
  using type = type_list<adopt_user::Adopted<E>...>;
  template <class... E>
  using model_checked = type_list<{checked}>;
}};
"""

# A class (not a template) joins the family's list as adopt_user::Adopted.
CLASS_ADOPTED = """
template <>
struct gauntlet::adopted<"{family}"> {{
  template <class...>
  using type = type_list<adopt_user::Adopted>;
  template <class...>
  using model_checked = type_list<{checked}>;
}};
"""

CLASS_WRAPPER = """namespace gauntlet::adopt_user {{
struct Adopted : {cls} {{
  using Base = {cls};
  using Base::Base;
{members}}};
}}  // namespace gauntlet::adopt_user
"""


# A batching policy runs inside gauntlet's processor over the mutex queue,
# the family's reference pairing: the comparison is between policies.
BATCH_WRAPPER = """#include "impls/batch/processor.hpp"
#include "impls/queue/mutex_queue.hpp"

namespace gauntlet::adopt_user {{
template <class M>
struct Adopted : ::gauntlet::batch::BatchProcessor<::gauntlet::queue::MutexQueue<M>, {cls}<M>> {{
  using Base = ::gauntlet::batch::BatchProcessor<::gauntlet::queue::MutexQueue<M>, {cls}<M>>;
  using Base::Base;
  using policy = {cls}<M>;
  template <class U>
  using rebind = Adopted<U>;
{members}}};
}}  // namespace gauntlet::adopt_user
"""


# The family's tests build a pool from a PoolConfig (slab and magazine sizes
# small enough that every refill path runs); a pool that takes none is built
# by default and the sizes are its own business.
POOL_WRAPPER = """#include <concepts>

#include "impls/pool/interface.hpp"

namespace gauntlet::adopt_user {{
struct Adopted : {cls} {{
  using Base = {cls};
  Adopted() = default;
  template <std::same_as<::gauntlet::pool::PoolConfig> C>
    requires std::constructible_from<Base, const C&>
  explicit Adopted(const C& c) : Base(c) {{}}
  template <std::same_as<::gauntlet::pool::PoolConfig> C>
    requires(!std::constructible_from<Base, const C&>)
  explicit Adopted(const C&) : Base() {{}}
{members}}};
}}  // namespace gauntlet::adopt_user
"""


def generated_header(family, header, cls, name, checkable):
    """The class under the family's contract: name, kind, description and
    whether Relacy can see it, added by a wrapper that derives from it."""
    desc = f"adopted: {cls} from {os.path.basename(header)}"
    members = (f'  static constexpr std::string_view name = "{name}";\n'
               f"  static constexpr ::gauntlet::Kind kind = ::gauntlet::Kind::ours;\n"
               f'  static constexpr std::string_view description = "{desc}";\n'
               f"  static constexpr bool model_checkable = {'true' if checkable else 'false'};\n")
    head = ("// Generated by `scripts/gauntlet adopt`; rewritten on every run.\n#pragma once\n#include <string_view>\n\n"
            f'#include "{os.path.abspath(header)}"\n#include "impls/registry/registry.hpp"\n')
    if FAMILIES[family].get("wrapper") == "batch":
        body = (BATCH_WRAPPER + TEMPLATE_ADOPTED).format(cls=cls, members=members, family=family, checked="")
    elif FAMILIES[family]["template"]:
        body = (QUEUE_WRAPPER + TEMPLATE_ADOPTED).format(cls=cls, base=cls.split("::")[-1], members=members,
                                                         family=family,
                                                         checked="adopt_user::Adopted<E>..." if checkable else "")
    elif FAMILIES[family].get("wrapper") == "pool":
        body = (POOL_WRAPPER + CLASS_ADOPTED).format(cls=cls, members=members, family=family,
                                                     checked="adopt_user::Adopted" if checkable else "")
    else:
        body = (CLASS_WRAPPER + CLASS_ADOPTED).format(cls=cls, members=members, family=family,
                                                      checked="adopt_user::Adopted" if checkable else "")
    return head + body


def contract_message(stderr, family, cls, header="the header"):
    """The first failed requirement of the family contract, as one line."""
    q = "['\u2018\u2019]"  # GCC quotes with U+2018/U+2019 in a UTF-8 locale, ' otherwise
    # A class name the header does not declare fails in the generated wrapper
    # first: say that, not the contract requirement it drags down with it.
    base = re.escape(cls.split("::")[-1])
    if re.search(rf"expected (?:class|template)-name before|{q}{base}{q} (?:does not name a type|has not been declared|"
                 rf"was not declared in this scope|is not a member of)|{q}{base}{q} is not a template", stderr):
        return (f"{header} declares no class {cls} (give the name with its namespace, as in ns::Class; "
                f"the queue and batch families take a class template)")
    found = None
    for pattern, say_it in ((rf"the required expression {q}(.+?){q} is invalid", "the required expression `{}` is invalid"),
                            (rf"the required type {q}(.+?){q} is invalid", "the required type `{}` is invalid"),
                            (rf"{q}(.+?){q} is not a member of", "`{}` is not a member"),
                            (rf"no member named {q}(.+?){q}", "no member named `{}`")):
        m = re.search(pattern, stderr)
        if m:
            found = say_it.format(m.group(1))
            break
    if found is None:
        first = next((ln for ln in stderr.splitlines() if "error:" in ln), stderr.strip()[:200])
        found = first.split("error:", 1)[-1].strip()
    return f"{cls} does not meet the {family} family contract: {found}; read {FAMILIES[family]['contract']}"


def check_contract(family, header_path, includes):
    """Compiles the family's list with the class added, syntax only (seconds):
    a contract failure is one line, not a template backtrace."""
    probe = os.path.join(os.path.dirname(header_path), "contract_probe.cpp")
    with open(probe, "w") as f:
        f.write(f'#include "impls/{family}/family.hpp"\nint main() {{ return 0; }}\n')
    cmd = ["c++", "-std=c++20", "-fsyntax-only", "-I", ROOT, *sum((["-I", d] for d in includes), []),
           f'-DGAUNTLET_ADOPT_HEADER="{header_path}"', probe]
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode == 0, r.stderr


def compiler_cache():
    """CMake arguments that put ccache (when installed) in front of the
    compiler. Every adopt folder compiles the same checker library and Catch2
    main (the adopted class reaches only the family's targets, CMakeLists.txt):
    with the cache, the first adopt builds them and the others reuse the
    objects, a minute or more of each adopt build. One cache for all folders,
    under build/; the folder is left out of the hash (the -g builds would
    otherwise differ by it), so a reused object's debug info names the folder
    that first built it."""
    ccache = shutil.which("ccache")
    if not ccache:
        return []
    launcher = ["cmake", "-E", "env", f"CCACHE_DIR={os.path.join(ROOT, 'build', 'ccache')}",
                "CCACHE_NOHASHDIR=true", ccache]
    return [f"-DCMAKE_CXX_COMPILER_LAUNCHER={';'.join(launcher)}"]


def cmake_build(bdir, preset, family, header_path, includes, kinds):
    """Configures BDIR (once) and builds the family's targets of those kinds."""
    if not os.path.exists(os.path.join(bdir, "build.ninja")):
        r = run(["cmake", "--preset", preset, "-B", bdir, f"-DGAUNTLET_FAMILIES={family}",
                 f"-DGAUNTLET_ADOPT_HEADER={header_path}", f"-DGAUNTLET_ADOPT_INCLUDES={';'.join(includes)}",
                 *compiler_cache()],
                cwd=ROOT, stdout=sys.stderr)
        if r.returncode != 0:
            raise StepFailed(f"configuring {bdir} failed")
    targets = [e["target"] for e in manifest(bdir) if e["family"] == family and e["kind"] in kinds]
    if not targets:
        return
    r = run(["cmake", "--build", bdir, "--target", *targets], cwd=ROOT, stdout=sys.stderr)
    if r.returncode != 0:
        raise StepFailed(f"building {', '.join(targets)} in {bdir} failed (see the compiler output above)")


def manifest(bdir):
    with open(os.path.join(bdir, "gauntlet_manifest.json")) as f:
        return json.load(f)


def run_catch2(path, check, env=None, timeout_s=600):
    """One row for a Catch2 binary run over the adopted class."""
    t0 = time.monotonic()
    try:
        r = subprocess.run([path], capture_output=True, text=True, env=env, timeout=timeout_s)
        status, out = r.returncode, r.stdout + r.stderr
    except subprocess.TimeoutExpired:
        status, out = None, f"timed out after {timeout_s} s"
    msg = ""
    if status != 0:
        lines = [ln.strip() for ln in out.splitlines() if ln.strip()]
        hits = [ln for ln in lines if "WARNING: ThreadSanitizer" in ln or "FAILED" in ln or "failed" in ln
                or "REQUIRE" in ln or "CHECK" in ln]
        msg = " | ".join((hits or lines)[:3])[:400]
    seed = re.search(r"seed[= :]+(\d+)", out)
    return {"check": check, "outcome": "passed" if status == 0 else "failed", "message": msg,
            "seed": int(seed.group(1)) if seed else 0, "seconds": round(time.monotonic() - t0, 1)}


def family_samples(bench_json, path, family):
    """{benchmark name: [cost per repetition]}: time per operation, or for the
    family's virtual-time workloads the counter that stands for it."""
    samples, _ = bench_samples(bench_json, path)
    cfg = FAMILIES.get(family, {})
    counters, untimed = cfg.get("counters", {}), cfg.get("untimed", ())
    out = {n: c for n, c in samples.items() if n.split("/")[0] not in untimed and n.split("/")[0] not in counters}
    for row in bench_json["benchmarks"]:
        bench_name = row.get("run_name") or row.get("name", "")
        counter = counters.get(bench_name.split("/")[0])
        if counter and row.get("run_type", "iteration") == "iteration" and counter in row:
            out.setdefault(bench_name, []).append(float(row[counter]))
    return out


def ratios(bench_files, name, reference, family=None):
    """Per benchmark of the adopted class: its cost ratio to the reference and
    to every other class on the same workload (below 1: the adopted is faster)."""
    rows = []
    for path in bench_files:
        with open(path) as f:
            samples = family_samples(json.load(f), path, family)
        by_key = {}
        for bench_name, costs in samples.items():
            parts = bench_name.split("/")
            if len(parts) < 2:
                continue
            key = (parts[0], "/".join(parts[2:]))
            by_key.setdefault(key, {})[parts[1]] = costs
        for (workload, rest), impls in sorted(by_key.items()):
            if name not in impls:
                continue
            ours = impls[name]
            ref = FAMILIES.get(family, {}).get("references", {}).get(workload, reference)
            for other, costs in sorted(impls.items()):
                if other == name or st.median(costs) <= 0:  # a zero counter (idle CPU) has no ratio
                    continue
                iv = st.ratio_interval(costs, ours)
                rows.append({"workload": workload + (f"/{rest}" if rest else ""), "against": other,
                             "reference": other == ref, "ratio": st.median(ours) / st.median(costs),
                             "interval": list(iv) if iv else None, "repetitions": len(ours)})
    return rows


def adopt(family, header, cls, name=None, quick=False, includes=(), out_dir=None):
    if family in OUT_OF_SCOPE:
        raise UsageError(f"{family} is a protocol family: adopt covers concurrency families only "
                         f"({', '.join(FAMILIES)})")
    if family not in FAMILIES:
        raise UsageError(f"adopt does not know family {family!r}; it covers {', '.join(FAMILIES)}")
    if not os.path.isfile(header):
        raise UsageError(f"{header}: no such header")
    if not re.fullmatch(r"(::)?[A-Za-z_]\w*(::[A-Za-z_]\w*)*", cls):
        raise UsageError(f"{cls!r} is not a C++ class name")
    name = name or kebab(cls)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise UsageError(f"--name {name!r}: lower-case letters, digits and '-' only")
    includes = [os.path.abspath(d) for d in includes] + [os.path.dirname(os.path.abspath(header))]
    for d in includes:
        if not os.path.isdir(d):
            raise UsageError(f"--include {d}: no such folder")
    checkable = uses_platform = uses_platform_layer(user_files(header, includes))
    work = ensure_dir(os.path.join(ROOT, "build", "adopt", f"{family}-{name}"))
    gen = os.path.join(work, "adopted.hpp")
    text = generated_header(family, header, cls, name, checkable)
    if not os.path.exists(gen) or open(gen).read() != text:
        with open(gen, "w") as f:
            f.write(text)
    t0 = time.monotonic()
    ok, stderr = check_contract(family, gen, includes)
    if not ok:
        raise UsageError(contract_message(stderr, family, cls, header))
    say(f"adopt: {cls} meets the {family} contract; "
        + (("it uses the platform layer: Relacy model-checks it" if "no_model_check" not in FAMILIES[family] else
            "it uses the platform layer: Relacy model-checks it where the family's model checks reach it")
           if checkable else
           "it uses std::atomic directly: Relacy cannot model-check it (stress, linearizability and TSan still run)"))

    rel, tsan = os.path.join(work, "release"), os.path.join(work, "tsan")
    cmake_build(rel, "release", family, gen, includes, ("bench", "verify", "test"))
    entries = [e for e in manifest(rel) if e["family"] == family]
    rows = []
    depth = "ci" if quick else "full"
    for e in (x for x in entries if x["kind"] == "verify"):
        say(f"adopt: {e['target']} at depth {depth} ({time.monotonic() - t0:.0f}s so far)")
        status, vrows, secs = run_verifier(e["path"], ["--depth", depth, "--only", name], 3600, quiet=True)
        mine = [r for r in vrows if r.get("name") == name]
        if status not in (0, 1):
            rows.append({"check": e["target"], "outcome": "failed", "message": f"exited with status {status}",
                         "seed": 0})
        rows += [{"check": r["check"], "outcome": r["outcome"], "message": r.get("message", ""),
                  "seed": r.get("seed", 0), "iterations": r.get("iterations", 0)} for r in mine]
    for e in (x for x in entries if x["kind"] == "test"):
        say(f"adopt: {e['target']} (Catch2, release) ({time.monotonic() - t0:.0f}s so far)")
        rows.append(run_catch2(e["path"], f"unit-tests ({e['target']})"))
    if not checkable:
        rows.append({"check": "model-check", "outcome": "not run", "seed": 0,
                     "message": "the class uses std::atomic directly, which Relacy cannot instrument: include "
                                "impls/platform/platform.hpp and use gauntlet::atomic (README, adopt)"})
    elif "no_model_check" in FAMILIES[family] and not any(r["check"].startswith("relacy-") for r in rows):
        checkable = False
        rows.append({"check": "model-check", "outcome": "not run", "seed": 0,
                     "message": FAMILIES[family]["no_model_check"][1]})
    for check, why in FAMILIES[family].get("not_run", ()):
        rows.append({"check": check, "outcome": "not run", "seed": 0, "message": why})
    if any(e["kind"] == "test" for e in entries):
        cmake_build(tsan, "tsan", family, gen, includes, ("test",))
        env = dict(os.environ, TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 "
                   f"suppressions={os.path.join(ROOT, 'verify', 'common', 'tsan_peers.supp')}")
        for e in (x for x in manifest(tsan) if x["kind"] == "test" and x["family"] == family):
            say(f"adopt: {e['target']} under ThreadSanitizer ({time.monotonic() - t0:.0f}s so far)")
            rows.append(run_catch2(e["path"], f"thread-sanitizer ({e['target']})", env=env))

    bench_files = []
    out_dir = ensure_dir(out_dir or os.path.join(work, "results"))
    for e in (x for x in entries if x["kind"] == "bench"):
        say(f"adopt: {e['target']} ({time.monotonic() - t0:.0f}s so far)")
        out = os.path.join(out_dir, f"bench_{e['target']}.json")
        args = ["--benchmark_min_time=0.02"] if quick else ["--benchmark_min_time=0.1", "--benchmark_repetitions=5",
                                                             "--benchmark_enable_random_interleaving=true"]
        env = dict(os.environ, **(FAMILIES[family].get("quick_env", {}) if quick else {}))
        r = subprocess.run([e["path"], f"--benchmark_out={out}", "--benchmark_out_format=json", *args],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        if r.returncode != 0:
            raise StepFailed(f"{e['target']} exited with status {r.returncode}: {r.stderr.strip()[-300:]}")
        bench_files.append(out)
    reference = reference_of(bench_files)
    result = {"family": family, "class": cls, "name": name, "header": os.path.abspath(header),
              "model_checked": checkable, "quick": quick, "checks": rows,
              "not_model_checked_because": None if checkable else (
                  "it uses std::atomic directly" if not uses_platform else FAMILIES[family]["no_model_check"][0]),
              "ratios": ratios(bench_files, name, reference, family), "reference": reference,
              "counters": FAMILIES[family].get("counters", {}),
              "seconds": round(time.monotonic() - t0, 1)}
    with open(os.path.join(out_dir, "adopt.json"), "w") as f:
        json.dump(result, f, indent=2)
    with open(os.path.join(out_dir, "adopt.md"), "w") as f:
        f.write(report_markdown(result))
    print(summary(result))
    say(f"adopt: {os.path.relpath(os.path.join(out_dir, 'adopt.md'))} (the whole comparison), adopt.json")
    failed = [r for r in rows if r["outcome"] in ("failed", "missed")]
    return EXIT_FAILED if failed else EXIT_OK


def reference_of(bench_files):
    for path in bench_files:
        with open(path) as f:
            ref = json.load(f).get("context", {}).get("gauntlet_reference")
        if ref:
            return ref
    return None


def why_not_checked(res):
    return res.get("not_model_checked_because") or "it uses std::atomic directly"


def report_markdown(res):
    """The whole comparison: every check, and per workload the adopted class's
    time per operation against every other class (the reference first)."""
    out = [f"# {res['class']} in the {res['family']} family", "",
           f"Header `{res['header']}`; model-checked by Relacy: "
           f"{'yes' if res['model_checked'] else 'no (' + why_not_checked(res) + ')'}; "
           f"{'quick' if res['quick'] else 'full'} run, {res['seconds']:.0f} s.", "",
           "| check | outcome | first failure | seed |", "| --- | --- | --- | --- |"]
    out += [f"| {r['check']} | {r['outcome']} | {r.get('message', '')} | {r.get('seed', 0)} |" for r in res["checks"]]
    others = sorted({r["against"] for r in res["ratios"]}, key=lambda o: (o != res["reference"], o))
    if others:
        counted = "".join(f" On `{w}` the ratio is of {c} (lower is better), not of time."
                          for w, c in sorted(res.get("counters", {}).items()))
        out += ["", "Time per operation of the adopted class divided by each other class's (below 1: faster; "
                "95% interval where there were repetitions)." + counted, "",
                "| workload | " + " | ".join(others) + " |", "| --- |" + " --- |" * len(others)]
        cells = {}
        for r in res["ratios"]:
            iv = r["interval"]
            cells[(r["workload"], r["against"])] = f"{r['ratio']:.2f}" + (f" [{iv[0]:.2f}, {iv[1]:.2f}]" if iv else "")
        for w in sorted({r["workload"] for r in res["ratios"]}):
            out.append(f"| {w} | " + " | ".join(cells.get((w, o), "") for o in others) + " |")
    return "\n".join(out) + "\n"


def summary(res, max_rows=12):
    """One screen: every check, then the ratio to the reference per workload."""
    lines = [f"{res['class']} ({res['name']}) in family {res['family']}"
             + ("" if res["model_checked"] else f" -- NOT model-checked: {why_not_checked(res)}")]
    for r in res["checks"]:
        extra = "" if r["outcome"] in ("passed", "not run") else f": {r['message']} (seed {r['seed']})"
        if r["outcome"] == "not run":
            extra = f": {r['message']}"
        lines.append(f"  {r['outcome']:<8} {r['check']}{extra}")
    ref = [r for r in res["ratios"] if r["reference"]]
    if ref:
        single = all(r["interval"] is None for r in ref)
        against = sorted({r["against"] for r in ref})
        lines.append(f"  time per operation against {against[0] if len(against) == 1 else 'the reference of its kind'}"
                     " (below 1.00x: faster"
                     + ("; one repetition each, so no interval: drop --quick for one):" if single else
                        ", 95% interval):"))
        for r in ref[:max_rows]:
            iv = r["interval"]
            ivs = f" [{iv[0]:.2f}x, {iv[1]:.2f}x]" if iv else ""
            workload = r["workload"].replace("/real_time", "")
            counter = res.get("counters", {}).get(workload.split("/")[0])
            lines.append(f"    {workload:<40} {r['ratio']:.2f}x{ivs}" + (f" (of {counter}, not time)" if counter else "")
                         + (f" vs {r['against']}" if len(against) > 1 else ""))
        if len(ref) > max_rows:
            lines.append(f"    ... {len(ref) - max_rows} more, and every peer, in adopt.md")
    bad = sum(r["outcome"] in ("failed", "missed") for r in res["checks"])
    lines.append(f"  verdict: {'FAILED (' + str(bad) + ' check(s))' if bad else 'passed every check'}")
    return "\n".join(lines)

