"""plegsim.limit: the C++ search behind `plegsim limit` (docs/limit.md)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time

import pytest

import plegsim

from conftest import SOURCE_DIR

SCENARIO = SOURCE_DIR / "scenarios" / "incidents" / "churn-generic-1.27.yaml"
SET = ["duration=2h", "workload.crashRate=1/h",
       "workload.rollout={every: 30m, fraction: 20%, startAfter: 10m}"]
CRITERION = "node_not_ready_share < 0.001"


def test_limit_matches_the_command_line():
    py = plegsim.limit(SCENARIO, axis="node.pods=300..800", criterion=CRITERION, set=SET,
                       replications=16, threads=2)
    assert py["censored"] == "none"
    assert py["interval"][1] - py["interval"][0] == 1
    assert py["runs"] == sum(p["runs"] for p in py["probes"])
    binary = os.environ.get("PLEGSIM_BIN")
    if not binary:
        pytest.skip("PLEGSIM_BIN not set (run through ctest)")
    args = [binary, "limit", str(SCENARIO), "--axis", "node.pods=300..800", "--criterion",
            CRITERION, "-r", "16", "-j", "1", "--json"]
    for s in SET:
        args += ["--set", s]
    cli = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    cli.pop("wall_seconds")
    py.pop("wall_seconds")
    assert py == cli


def test_limit_refuses_a_bad_criterion_listing_the_fields():
    with pytest.raises(ValueError, match=r"unknown summary field \"nope\".*node_not_ready_share"):
        plegsim.limit(axis="10..20", criterion="nope < 1")


def _no_wall(report):
    """A limit report without its wall times (the only part that is not deterministic)."""
    if isinstance(report, dict):
        return {k: _no_wall(v) for k, v in report.items() if k != "wall_seconds"}
    if isinstance(report, list):
        return [_no_wall(v) for v in report]
    return report


# tests/unit/limit_test.cpp's node with noise: relists of about 2 s x pods, so the PLEG
# trips in some runs and not in others near its limit (about 35 pods; 15 with crashes).
NOISY_NODE = """\
name: limit-noisy
duration: 12m
warmup: 5m
seed: 7
kubelet: {version: "1.27"}
node: {pods: 10, containersPerPod: 1}
workload: {crashRate: 0/h, podCreateRate: 0/h, podDeleteRate: 0/h}
runtime:
  profile: none
  latency:
    ListPodSandbox: {base: 10ms}
    ListContainers: {base: 10ms, perReturned: 1s, noise: {lognormal: {sigma: 0.3}}}
"""


def test_limit_by_duration_and_overrides_match_the_command_line(plegsim_bin, tmp_path):
    path = tmp_path / "noisy.yaml"
    path.write_text(NOISY_NODE)
    # The scenario's own overrides apply (as --set before the others).
    sc = plegsim.Scenario.load(path, {"runtime.latency.ListContainers.perReturned": "2s"})
    crit = "P(pleg_unhealthy_seconds > 0) < 0.5"
    py = plegsim.limit(sc, axis="node.pods=10..200", duration="11m", criterion=crit,
                       replications=16, width=4, by=["workload.crashRate=0/h,20/h"], threads=2)
    args = [plegsim_bin, "limit", str(path), "--axis", "node.pods=10..200", "--duration", "11m",
            "--set", "runtime.latency.ListContainers.perReturned=2s", "--criterion", crit,
            "-r", "16", "--width", "4", "--by", "workload.crashRate=0/h,20/h", "-j", "1",
            "--json"]
    cli = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    assert _no_wall(py) == _no_wall(cli)
    assert [r["by"] for r in py["rows"]] == [{"workload.crashRate": "0/h"},
                                             {"workload.crashRate": "20/h"}]
    # Both limits inside the range, and crashes bring the limit down.
    limits = [r["result"]["limit"] for r in py["rows"]]
    assert all(r["result"]["censored"] == "none" for r in py["rows"])
    assert limits[1] < limits[0]


def test_ctrl_c_stops_the_search():
    # SIGINT while the C++ search runs with the GIL released: the batch under way
    # finishes, no new one starts, and KeyboardInterrupt is raised from the call. This
    # search (72 h runs, width 1) takes minutes to finish; the first batch, seconds. A
    # signal handled only once the call returned would fail the bound below by far.
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            plegsim.limit(SCENARIO, axis="node.pods=10..1000",
                          criterion="node_not_ready_share < 0.001", duration="72h", width=1,
                          threads=2, set=["workload.crashRate=1/h",
                                          "workload.rollout={every: 1h, fraction: 20%}"])
    finally:
        timer.cancel()
    assert time.monotonic() - start < 60
