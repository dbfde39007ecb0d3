"""plegsim.limit: the C++ search behind `plegsim limit` (docs/limit.md)."""

from __future__ import annotations

import json
import os
import subprocess

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
