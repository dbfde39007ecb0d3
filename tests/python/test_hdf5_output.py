"""Run files from `plegsim run -o`: readable with h5py and pandas alone, self-describing,
the summary group equal to --json, and never finished-looking unless complete."""
import json
import os
import signal
import subprocess
import time

import h5py
import numpy as np
import pandas as pd
import pytest

PLEGSIM = os.environ.get("PLEGSIM_BIN", "plegsim")


def run(*args, check=True):
    return subprocess.run([PLEGSIM, *args], capture_output=True, text=True, check=check,
                          timeout=60)


@pytest.fixture(scope="module")
def run_file(tmp_path_factory):
    d = tmp_path_factory.mktemp("h5")
    path = d / "run.h5"
    out = run("run", "--duration", "20m", "--set", "workload.crashRate=4/h", "--json",
              "-o", str(path), "--calls", "--events")
    return path, json.loads(out.stdout)


def test_tables_load_into_pandas_with_units_in_column_names(run_file):
    path, summary = run_file
    with h5py.File(path, "r") as f:
        relists = pd.DataFrame(f["relists"][:])
        calls = pd.DataFrame(f["calls"][:])
        events = pd.DataFrame(f["events"][:])
        detections = pd.DataFrame(f["detections"][:])
        ops = pd.DataFrame(f["cri_ops"][:])
        op_names = h5py.check_enum_dtype(f["calls"].dtype["op"])
    for col in ("start_ns", "end_ns", "get_pods_ns", "interval_ns"):
        assert relists[col].dtype == np.int64
    assert relists["ok"].dtype == np.bool_
    assert (relists["end_ns"] >= relists["start_ns"]).all()
    assert relists["start_ns"].is_monotonic_increasing
    # The summary counts relists that finished after warm-up.
    warm = relists[relists["end_ns"] >= summary["warmup_seconds"] * 1e9]
    assert len(warm) == summary["relists"]
    assert (warm["end_ns"] - warm["start_ns"]).max() / 1e9 == pytest.approx(
        summary["max_relist_duration_seconds"])
    assert set(op_names) >= {"ListPodSandbox", "ContainerStatus"}
    assert (calls["end_ns"] >= calls["start_ns"]).all()
    assert events["delivered"].sum() >= summary["events_delivered"]
    assert len(detections) >= summary["changes_tracked"]
    by_op = {r.operation.decode(): r for r in ops.itertuples()}
    for op, n in summary["cri_calls"].items():
        assert by_op[op].calls == n


def test_root_attributes_describe_the_run(run_file):
    path, summary = run_file
    with h5py.File(path, "r") as f:
        a = f.attrs
        assert a["format"] == "plegsim run"
        assert a["seed"] == summary["seed"]
        assert a["kubelet_version"] == summary["kubelet_version"]
        assert "workload.crashRate=4/h" in a["scenario_overrides"]
        assert "crashRate: 4/h" in a["scenario_resolved_yaml"] or "4/h" in a["scenario_resolved_yaml"]
        assert "name: default" in a["scenario_yaml"]
        assert a["plegsim_version"]
        assert a["plegsim_git_revision"]


def test_summary_group_holds_the_json_fields(run_file):
    path, summary = run_file
    with h5py.File(path, "r") as f:
        g = f["summary"]
        assert json.loads(g.attrs["json"]) == summary
        for key, value in summary.items():
            if isinstance(value, dict):
                sub = g[key]
                assert {k: sub.attrs[k] for k in sub.attrs} == pytest.approx(value), key
            elif value is None:
                assert np.isnan(g.attrs[key]), key
            else:
                assert g.attrs[key] == pytest.approx(value), key
        hist = f["histograms/event_detection_seconds"]
        assert hist.attrs["count"] == summary["event_detection_seconds"]["count"]
        assert hist[:].sum() == hist.attrs["count"]
        assert np.isinf(hist.attrs["le_seconds"][-1])


def test_report_prints_the_summary_and_rejects_bad_files(run_file, tmp_path):
    path, summary = run_file
    out = run("report", str(path), "--json")
    assert json.loads(out.stdout) == summary
    text = run("report", str(path)).stdout
    assert "relist_duration_seconds" in text and "event_detection_seconds" in text
    missing = run("report", str(tmp_path / "nope.h5"), check=False)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    bogus = tmp_path / "bogus.h5"
    bogus.write_text("hello")
    bad = run("report", str(bogus), check=False)
    assert bad.returncode == 2 and "not an HDF5 file" in bad.stderr


def test_a_killed_run_leaves_no_file_at_the_final_name(tmp_path):
    path = tmp_path / "long.h5"
    proc = subprocess.Popen([PLEGSIM, "run", "--duration", "5000h", "-o", str(path),
                             "--metrics", str(tmp_path / "long.prom")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 5
    while time.time() < deadline and not list(tmp_path.glob("long.h5.tmp-*")):
        time.sleep(0.02)
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert not path.exists()
    assert not (tmp_path / "long.prom").exists()
    leftovers = [p.name for p in tmp_path.iterdir()]
    assert all(".tmp-" in n for n in leftovers), leftovers


def test_a_terminated_run_removes_its_temporary_files(tmp_path):
    proc = subprocess.Popen([PLEGSIM, "run", "--duration", "5000h", "-o", str(tmp_path / "t.h5")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 5
    while time.time() < deadline and not list(tmp_path.iterdir()):
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=10)
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_output_is_exit_2_before_running(tmp_path):
    r = run("run", "-o", str(tmp_path / "no" / "such" / "dir.h5"), check=False)
    assert r.returncode == 2
    assert "cannot write" in r.stderr
