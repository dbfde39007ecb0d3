"""plegsim.run releases the GIL: other Python threads run while a simulation does, and two
simulations on two threads finish faster than one after the other (on 2+ cores)."""

from __future__ import annotations

import hashlib
import os
import threading
import time

import pytest

import pandas as pd

import plegsim

# About half a second of simulation on a CI core: 500 pods, crashes, 12 simulated hours.
LONG = {"duration": "12h", "node.pods": 500, "workload.crashRate": "2/h"}
KEEP_NOTHING = dict(keep_calls=False, keep_events=False, keep_changes=False)


def _run(scenario):
    return plegsim.run(scenario, **KEEP_NOTHING)


def test_python_keeps_running_while_a_simulation_runs():
    scenario = plegsim.Scenario.default(LONG)
    done = threading.Event()
    worker = threading.Thread(target=lambda: (_run(scenario), done.set()))
    ticks = 0
    worker.start()
    # Wait until the worker is inside the C++ run (the GIL is then free), then count
    # how often this thread gets to run Python while it lasts.
    time.sleep(0.05)
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    assert ticks > 20, "the main thread starved: the GIL was held during run()"


def _serial_and_parallel(work):
    """Wall seconds for work() twice in a row, and twice on two threads at once."""
    t0 = time.perf_counter()
    work()
    work()
    serial = time.perf_counter() - t0
    threads = [threading.Thread(target=work) for _ in range(2)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return serial, time.perf_counter() - t0


def _hash_work():
    # hashlib releases the GIL on large buffers: what 2 free cores look like right now.
    hashlib.sha256(_BUFFER).digest()


_BUFFER = b"\0" * (96 << 20)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_two_threads_finish_faster_than_serially():
    scenario = plegsim.Scenario.default(LONG)
    _run(scenario)  # warm caches and page in the code
    ratios = []
    # The machine may be shared: each attempt also measures two GIL-free hashing
    # threads, so a busy machine (no second core free) skips instead of failing, and only
    # "the machine ran hashes in parallel but not simulations" counts against run().
    for _ in range(4):
        serial, parallel = _serial_and_parallel(lambda: _run(scenario))
        if parallel < 0.8 * serial:
            return
        h_serial, h_parallel = _serial_and_parallel(_hash_work)
        ratios.append((parallel / serial, h_parallel / h_serial))
    held = [r for r in ratios if r[1] < 0.7 and r[0] > 0.95]
    detail = ", ".join(f"run {a:.2f} / hash {b:.2f}" for a, b in ratios)
    if len(held) >= 2:
        pytest.fail(f"simulations did not run in parallel while hashes did ({detail})")
    pytest.skip(f"no second core free on this machine right now ({detail})")


def test_run_many_keeps_input_order():
    base = plegsim.Scenario.default({"duration": "10m"})
    jobs = [(base, seed) for seed in (5, 6, 7, 8)]
    results = plegsim.run_many(jobs, workers=2, **KEEP_NOTHING)
    assert [r.seed for r in results] == [5, 6, 7, 8]
    assert results[0].summary == plegsim.run(base, 5, **KEEP_NOTHING).summary | {
        "wall_seconds": results[0].summary["wall_seconds"]}


def test_sweep_runs_every_point_and_replication_the_same_on_any_thread_count():
    base = plegsim.Scenario.default({"duration": "10m"})
    two = plegsim.sweep(base, {"node.pods": [20, 40]}, replications=2, threads=2)
    runs = two.runs
    assert len(runs) == 4
    assert list(runs["node.pods"]) == [20, 20, 40, 40]
    assert list(runs["replication"]) == [0, 1, 0, 1]
    one = plegsim.sweep(base, {"node.pods": [20, 40]}, replications=2, threads=1)
    pd.testing.assert_frame_equal(one.runs, runs)
    pd.testing.assert_frame_equal(one.points, two.points)
