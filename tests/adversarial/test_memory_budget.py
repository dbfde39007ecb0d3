"""Bounded resources (issue 16, "Found" 7): 100,000 pods x 100 containers was accepted and
took 8.5 GB (std::bad_alloc under a limit). A run whose memory estimate exceeds the
4 GiB budget is refused before anything is built, unless --allow-large; the estimate is
an upper bound of what runs really use."""

from __future__ import annotations

import os
import subprocess

import pytest

import plegsim
from plegsim import _core

PLEGSIM = os.environ.get("PLEGSIM_BIN", "build/ci/plegsim")


def test_a_run_over_the_budget_is_refused_before_building():
    r = subprocess.run([PLEGSIM, "run", "--set", "node.pods=100000",
                        "--set", "node.containersPerPod=100", "--duration", "5000h"],
                       capture_output=True, text=True, timeout=20)
    assert r.returncode == 2, r.stderr
    assert "budget" in r.stderr and "--allow-large" in r.stderr
    s = plegsim.Scenario.default({"node.pods": 100000, "node.containersPerPod": 100})
    try:
        plegsim.run(s)
        raise AssertionError("no BuildError")
    except plegsim.BuildError as e:
        assert "allow_large=True" in str(e)


def test_sweeps_count_their_concurrent_runs():
    r = subprocess.run([PLEGSIM, "sweep", "--axis", "node.pods=30000", "-r", "8", "-j", "8",
                        "--set", "node.containersPerPod=10", "--duration", "5000h"],
                       capture_output=True, text=True, timeout=20)
    assert r.returncode == 2 and "concurrent runs" in r.stderr, r.stderr


def peak_rss_bytes(args):
    """Runs plegsim and returns (exit code, its own peak RSS) via wait4."""
    proc = subprocess.Popen([PLEGSIM, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss * 1024


@pytest.mark.skipif(os.environ.get("PLEGSIM_SANITIZED") == "1",
                    reason="sanitizer shadow memory inflates RSS")
def test_the_estimate_bounds_the_measured_peak():
    for pods, cpp, crash in [(10000, 10, "0"), (5000, 4, "20/h")]:
        overrides = {"node.pods": pods, "node.containersPerPod": cpp,
                     "workload.crashRate": crash, "duration": "10m"}
        s = plegsim.Scenario.default(overrides)
        rc, peak = peak_rss_bytes(["run"] + [a for k, v in overrides.items()
                                   for a in ("--set", f"{k}={v}")])
        assert rc == 0
        estimate = _core.estimated_peak_bytes(s._s)
        assert peak <= estimate, (pods, cpp, peak, estimate)
        assert estimate < 8 * peak  # and not absurdly loose
