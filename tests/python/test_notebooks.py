"""Every notebook in notebooks/ runs headless (nbclient) with small parameters, and is
committed without outputs."""

from __future__ import annotations

import json
import os
import pathlib
import sys

import pytest
from conftest import SOURCE_DIR

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

# Parameters small enough for CI; injected after each notebook's "parameters" cell.
SMALL = {
    "quickstart.ipynb": {"DURATION": "15m"},
    "pod_count_scan.ipynb": {"PODS": [50, 300], "CRASH_RATES": ["1/h", "10/h"],
                             "RUNTIME_SLOWDOWNS": [1, 4], "REPLICATIONS": 2, "DURATION": "20m",
                             "WARMUP": "2m", "THREADS": 2},
    "limit_by_release.ipynb": {"RELEASES": ["1.13", "1.27"], "PROFILES": ["dockershim", "containerd"],
                               "PODS": "500..3000", "DURATION": "2h", "WIDTH": 300,
                               "REPLICATIONS": 4, "THREADS": 2},
    "generic_vs_evented.ipynb": {"DURATION": "15m"},
    "incident_replay.ipynb": {"DURATION": "20m"},
    "calibrate.ipynb": {"SCRAPE": str(SOURCE_DIR / "tests/data/kubelet-1.13-minikube.prom"),
                        "NODE": str(SOURCE_DIR / "scenarios/calibration/m3.yaml"),
                        "REPLICATIONS": 4},
}


def notebooks(source_dir):
    return sorted((source_dir / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    """A kernelspec running this interpreter (the one with numpy and the package), and
    an environment that finds it and draws with Agg."""
    d = tmp_path_factory.mktemp("jupyter")
    spec = d / "kernels" / "plegsim-test"
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "plegsim test", "language": "python"}))
    import plegsim

    package_root = str(pathlib.Path(plegsim.__file__).resolve().parents[1])
    env = {"JUPYTER_PATH": str(d), "MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
           # The kernel runs in a temporary directory: the package by absolute path.
           "PYTHONPATH": os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")])}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    yield "plegsim-test"
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def test_every_notebook_has_small_parameters(source_dir):
    names = [p.name for p in notebooks(source_dir)]
    assert set(names) == set(SMALL), "add the new notebook's CI parameters to SMALL"


@pytest.mark.parametrize("name", sorted(SMALL))
def test_committed_without_outputs_and_with_a_parameters_cell(source_dir, name):
    nb = nbformat.read(source_dir / "notebooks" / name, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, name
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, name


@pytest.mark.parametrize("name", sorted(SMALL))
def test_notebook_runs(source_dir, tmp_path, kernel_env, name):
    nb = nbformat.read(source_dir / "notebooks" / name, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    overrides = "\n".join(f"{k} = {v!r}" for k, v in SMALL[name].items())
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(overrides))
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name=kernel_env,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
