"""`scripts/gauntlet adopt` on the out-of-tree examples in examples/adopt/:
the correct classes pass, the broken ones (a missing release ordering) are
caught by the model check and by the ThreadSanitizer stress run, a class on
std::atomic is said to be beyond the model check and still checked, a
checkpointer (single-threaded) is checked by the crash checker, a counter
set's false sharing by the layout checks, a batching policy's late flush by
the timing sweeps, a logger's lossy shutdown by the lifecycle check, and a queue
without try_pop or a class name the header does not declare is refused with
one line.

Each case builds the family in its own folder (build/adopt/...), so this is
slow (minutes): ctest runs it under the `adopt` label.
"""
import json
import os
import subprocess
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GAUNTLET = os.path.join(ROOT, "scripts", "gauntlet")
EXAMPLES = os.path.join(ROOT, "examples", "adopt")


def adopt(family, header, cls, name):
    r = subprocess.run([GAUNTLET, "adopt", family, os.path.join(EXAMPLES, header), cls, "--name", name, "--quick"],
                       capture_output=True, text=True, timeout=1800)
    result = os.path.join(ROOT, "build", "adopt", f"{family}-{name}", "results", "adopt.json")
    data = None
    if os.path.exists(result) and r.returncode in (0, 1):
        with open(result) as f:
            data = json.load(f)
    return r, data


def outcomes(data):
    return {row["check"]: row["outcome"] for row in data["checks"]}


class Adopt(unittest.TestCase):
    def assert_passes(self, r, data, model_checked=True):
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr[-2000:])
        self.assertEqual(data["model_checked"], model_checked)
        got = outcomes(data)
        self.assertTrue(any(c.startswith("thread-sanitizer") for c in got), got)
        relacy = [c for c in got if c.startswith("relacy") or c in ("publication-fifo-wrap", "wake-by-push", "fifo-wrap")]
        if model_checked:
            self.assertTrue(relacy, f"no model-check row: {got}")
        self.assertTrue(all(o in ("passed", "not run") for o in got.values()), got)
        self.assertTrue(any(r["reference"] for r in data["ratios"]), "no ratio against the family's reference")
        self.assertIn("verdict: passed every check", r.stdout)

    def assert_caught(self, r, data, model_check_rows, stress_rows=None):
        """Caught by the model check, and on real threads: by ThreadSanitizer
        (a data race), or, where stress rows are named (a lost update the
        stress check is meant to see), by those rows or by ThreadSanitizer."""
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr[-2000:])
        got = outcomes(data)
        failed = {c for c, o in got.items() if o == "failed"}
        self.assertTrue(failed & set(model_check_rows), f"the model check did not catch it: {got}")
        if stress_rows:
            # A lost update through a plain load and store is a race for TSan too. Under CI's load
            # the stress rows miss the window now and then (clean run at 238ad09: stress passed,
            # TSan caught it), so either catch on real threads counts.
            tsan = {c for c in failed if c.startswith("thread-sanitizer")}
            self.assertTrue(failed & set(stress_rows) or tsan, f"no check on real threads caught it: {got}")
        else:
            self.assertTrue(any(c.startswith("thread-sanitizer") for c in failed), f"TSan did not catch it: {got}")
        self.assertIn("verdict: FAILED", r.stdout)

    def test_rwlock_correct_passes_and_broken_is_caught(self):
        r, data = adopt("rwlock", "spin_rwlock.hpp", "example::SpinRwLock", "example-spin")
        self.assert_passes(r, data)
        r, data = adopt("rwlock", "broken_spin_rwlock.hpp", "example::BrokenSpinRwLock", "example-broken-spin")
        self.assert_caught(r, data, ("relacy-mutual-exclusion", "relacy-context-bound"))

    def test_queue_correct_passes_and_broken_is_caught(self):
        r, data = adopt("queue", "spsc_queue.hpp", "example::SpscQueue", "example-spsc")
        self.assert_passes(r, data)
        r, data = adopt("queue", "broken_spsc_queue.hpp", "example::BrokenSpscQueue", "example-broken-spsc")
        self.assert_caught(r, data, ("publication-fifo-wrap", "bounded-fifo-wrap"))

    def test_ring_correct_passes_and_broken_is_caught(self):
        r, data = adopt("ring", "spsc_byte_ring.hpp", "example::SpscByteRing", "example-byte-ring")
        self.assert_passes(r, data)
        self.assertTrue(any(row["workload"].startswith("copy/") for row in data["ratios"]),
                        "no ratio on the copying workload (the one every ring runs)")
        r, data = adopt("ring", "broken_spsc_byte_ring.hpp", "example::BrokenSpscByteRing", "example-broken-byte-ring")
        self.assert_caught(r, data, ("fifo-wrap",))

    def test_pool_correct_passes_and_broken_is_caught(self):
        r, data = adopt("pool", "locked_free_list_pool.hpp", "example::LockedFreeListPool", "example-locked-pool")
        self.assert_passes(r, data)
        r, data = adopt("pool", "broken_locked_free_list_pool.hpp", "example::BrokenLockedFreeListPool",
                        "example-broken-pool")
        self.assert_caught(r, data, ("relacy-aba", "relacy-handout", "relacy-cross-free"))

    def test_metrics_correct_passes_and_broken_is_caught(self):
        r, data = adopt("metrics", "locked_registry.hpp", "example::LockedRegistry", "example-locked-registry")
        self.assert_passes(r, data)
        self.assertEqual(outcomes(data).get("exposition-promtool"), "passed")
        r, data = adopt("metrics", "broken_locked_registry.hpp", "example::BrokenLockedRegistry",
                        "example-broken-registry")
        self.assert_caught(r, data, ("relacy-total-exact",), stress_rows=("stress-total-exact",))

    def test_checkpoint_correct_passes_and_broken_is_caught(self):
        # A checkpointer is single-threaded: the crash checker is its model, and the
        # report says Relacy has nothing to check in it.
        r, data = adopt("checkpoint", "two_slot_checkpoint.hpp", "example::TwoSlotCheckpoint", "example-two-slot")
        self.assert_passes(r, data, model_checked=False)
        self.assertEqual(outcomes(data).get("model-check"), "not run")
        self.assertIn("single-threaded", r.stdout)
        self.assertTrue(any(w["workload"].startswith("checkpoint/") and w["reference"] for w in data["ratios"]),
                        "no durable-checkpoint ratio against crash-safe")
        r, data = adopt("checkpoint", "broken_two_slot_checkpoint.hpp", "example::BrokenTwoSlotCheckpoint",
                        "example-broken-two-slot")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr[-2000:])
        failed = {c for c, o in outcomes(data).items() if o == "failed"}
        self.assertTrue(failed & {"crash-prefix", "crash-reorder", "survives-crash"}, outcomes(data))
        self.assertIn("verdict: FAILED", r.stdout)

    def test_detector_recorder_correct_passes_and_broken_is_caught(self):
        r, data = adopt("detector", "max_recorder.hpp", "example::MaxRecorder", "example-max-recorder")
        self.assert_passes(r, data)
        r, data = adopt("detector", "broken_max_recorder.hpp", "example::BrokenMaxRecorder",
                        "example-broken-max-recorder")
        # Relacy must catch the lost maximum. The stress check catches it when two writers run at
        # once inside a window of a few nanoseconds: on an idle machine in 10 runs of 10 (50,000
        # records a writer), under a load of 4 on 2 cores in 6 of 8 (400,000). No lock is missing,
        # so TSan has nothing to see. Asserting the stress catch here would make this test flaky under CI's
        # load: its outcome is reported.
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr[-2000:])
        got = outcomes(data)
        self.assertEqual(got.get("relacy-record-exact"), "failed", got)
        self.assertIn(got.get("stress-record-exact"), ("passed", "failed"), got)
        self.assertIn("verdict: FAILED", r.stdout)

    def test_layout_correct_passes_and_broken_is_caught(self):
        r, data = adopt("layout", "slot_counters.hpp", "example::SlotCounters", "example-slots")
        self.assert_passes(r, data)
        # False sharing loses nothing: no race check can see it, the placement checks do.
        r, data = adopt("layout", "broken_slot_counters.hpp", "example::BrokenSlotCounters", "example-broken-slots")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr[-2000:])
        got = outcomes(data)
        self.assertEqual(got.get("layout-check"), "failed", got)
        self.assertEqual(got.get("layout-placement"), "failed", got)
        self.assertEqual(got.get("stress-sum-exact"), "passed", got)
        self.assertIn("verdict: FAILED", r.stdout)

    def test_log_correct_passes_and_broken_is_caught(self):
        # A logger of its own (no ring core of ours): checked on real threads, and said so.
        r, data = adopt("log", "queue_logger.hpp", "example::QueueLogger", "example-queue-logger")
        self.assert_passes(r, data, model_checked=False)
        self.assertEqual(outcomes(data).get("model-check"), "not run")
        self.assertTrue(any(w["workload"].startswith("latency") and w["reference"] for w in data["ratios"]),
                        "no latency ratio against ring-block")
        # A shutdown that drops what is queued is no data race: the lifecycle check's counts see it.
        r, data = adopt("log", "broken_queue_logger.hpp", "example::BrokenQueueLogger", "example-broken-queue-logger")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr[-2000:])
        self.assertEqual(outcomes(data).get("lifecycle"), "failed", outcomes(data))
        self.assertIn("verdict: FAILED", r.stdout)

    def test_batch_correct_passes_and_broken_is_caught(self):
        # A batching policy is pure: its timing rule is swept exactly, no model check to run.
        r, data = adopt("batch", "oldest_first_batcher.hpp", "example::OldestFirstBatcher", "example-oldest-first")
        self.assert_passes(r, data, model_checked=False)
        r, data = adopt("batch", "broken_oldest_first_batcher.hpp", "example::BrokenOldestFirstBatcher",
                        "example-broken-oldest-first")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr[-2000:])
        got = outcomes(data)
        self.assertEqual(got.get("batch-timer"), "failed", got)
        self.assertEqual(got.get("batch-timer-processor"), "failed", got)
        self.assertIn("verdict: FAILED", r.stdout)

    def test_a_class_the_header_does_not_declare_is_one_line(self):
        r, _ = adopt("rwlock", "spin_rwlock.hpp", "SpinRwLock", "no-namespace")  # it is example::SpinRwLock
        self.assertEqual(r.returncode, 3)
        lines = [ln for ln in r.stderr.splitlines() if not ln.startswith("[gauntlet]")]
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertIn("declares no class SpinRwLock", lines[0])

    def test_std_atomic_is_checked_without_the_model_checker(self):
        r, data = adopt("rwlock", "std_atomic_rwlock.hpp", "example::StdAtomicRwLock", "std-atomic")
        self.assert_passes(r, data, model_checked=False)
        self.assertEqual(outcomes(data).get("model-check"), "not run")
        self.assertIn("NOT model-checked", r.stdout)

    def test_a_name_the_family_already_has_is_refused(self):
        r, _ = adopt("queue", "spsc_queue.hpp", "example::SpscQueue", "spsc")  # the tree's own SPSC ring
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("share a name", r.stderr)

    def test_a_missing_member_is_one_line_naming_it(self):
        r, _ = adopt("queue", "no_try_pop_queue.hpp", "example::NoTryPopQueue", "no-try-pop")
        self.assertEqual(r.returncode, 3)
        lines = [ln for ln in r.stderr.splitlines() if not ln.startswith("[gauntlet]")]
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertIn("try_pop", lines[0])
        self.assertIn("impls/queue/family.hpp", lines[0])


if __name__ == "__main__":
    unittest.main(verbosity=2)
