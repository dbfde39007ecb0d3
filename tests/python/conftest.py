"""Shared fixtures for the Python tests. Run through CTest (`python_tests`), which puts
the build's python/ directory on PYTHONPATH and sets PLEGSIM_BIN and PLEGSIM_SOURCE_DIR;
or by hand:

    PYTHONPATH=build/ci/python PLEGSIM_SOURCE_DIR=$PWD python3 -m pytest tests/python
"""

from __future__ import annotations

import os
import pathlib

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("PLEGSIM_SOURCE_DIR",
                                         pathlib.Path(__file__).resolve().parents[2]))

# A quiet node whose timing can be worked out by hand (tests/fidelity/fixtures.h).
QUIET_YAML = """\
name: quiet
duration: 10m
warmup: 0s
seed: 7
kubelet: {version: "1.11"}
node: {pods: 3, containersPerPod: 2}
workload: {crashRate: 0/h}
runtime:
  concurrency: 4
  latency:
    ListPodSandbox: {base: 10ms}
    ListContainers: {base: 15ms}
    PodSandboxStatus: {base: 4ms}
    ContainerStatus: {base: 8ms}
    Status: {base: 2ms}
"""


@pytest.fixture(scope="session")
def source_dir() -> pathlib.Path:
    return SOURCE_DIR


@pytest.fixture(scope="session")
def plegsim_bin() -> str:
    path = os.environ.get("PLEGSIM_BIN")
    if not path or not os.path.exists(path):
        pytest.skip("PLEGSIM_BIN is not set (run through ctest)")
    return path


@pytest.fixture
def quiet_yaml() -> str:
    return QUIET_YAML
