"""plegsim.run and Result: the summary equals `plegsim run --json`, tables are pandas
DataFrames over the Result's own memory (no copies), metrics and run files."""

from __future__ import annotations

import json
import math
import subprocess

import numpy as np
import pandas as pd
import pytest

import plegsim


@pytest.fixture(scope="module")
def churny():
    return plegsim.Scenario.default({"duration": "20m", "workload.crashRate": "4/h"})


@pytest.fixture(scope="module")
def result(churny):
    return plegsim.run(churny, seed=3)


def _same(a, b, path=""):
    """Equal, with floats compared to the 9 significant digits --json prints."""
    if isinstance(a, dict):
        assert set(a) == set(b), path
        for k in a:
            _same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, float) or isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-8, abs_tol=1e-12), (path, a, b)
    else:
        assert a == b, path


def test_summary_has_the_fields_and_values_of_the_cli_json(result, churny, plegsim_bin,
                                                           tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(churny.to_yaml())
    out = subprocess.run([plegsim_bin, "run", str(path), "--seed", "3", "--json"],
                         capture_output=True, text=True, check=True, timeout=60)
    cli = json.loads(out.stdout)
    mine = result.summary
    cli.pop("wall_seconds")
    mine.pop("wall_seconds")
    _same(mine, cli)
    assert mine["seed"] == 3 and result.seed == 3


def test_same_seed_same_result(churny, result):
    again = plegsim.run(churny, seed=3)
    pd.testing.assert_frame_equal(again.relists, result.relists)
    assert again.summary["relists"] == result.summary["relists"]


def test_tables_are_dataframes_with_units_in_names(result):
    r = result.relists
    assert isinstance(r, pd.DataFrame)
    assert len(r) == result.summary["relists"] + (len(r) - result.summary["relists"])
    assert {"start_s", "end_s", "duration_s", "get_pods_s", "interval_s", "ok",
            "pods_inspected", "events_sent"} <= set(r.columns)
    assert r["duration_s"].dtype == np.float64 and r["ok"].dtype == bool
    assert np.allclose(r["end_s"] - r["start_s"], r["duration_s"])
    assert (r["start_s"].diff().dropna() > 0).all()
    assert math.isnan(r["interval_s"].iloc[0])
    calls = result.cri_calls
    assert str(calls["op"].dtype) == "category"
    assert set(calls["op"].unique()) >= {"ListPodSandbox", "ListContainers", "ContainerStatus"}
    assert set(calls["code"].unique()) == {"OK"}
    assert list(result.health.columns) == ["at_s", "healthy", "message"]
    assert list(result.node_ready.columns) == ["at_s", "ready", "message"]
    ev = result.events
    measured = ev[ev["at_s"] >= result.scenario.warmup_s]  # summary stats skip warm-up
    assert len(measured) == (result.summary["events_delivered"] +
                             result.summary["events_discarded"])
    assert set(ev["type"].unique()) <= {"ContainerStarted", "ContainerDied", "ContainerRemoved"}
    assert len(result.container_changes) > 0


def _base_chain(a):
    while a is not None:
        yield a
        a = getattr(a, "base", None)


def test_columns_share_memory_with_the_result(result):
    df = result.relists
    for col in ("start_s", "duration_s", "pods_inspected", "ok"):
        arr = df[col].to_numpy()
        assert not arr.flags.owndata, col
        assert not arr.flags.writeable, col
        # The memory belongs to the compiled result object itself.
        assert any(b is result._core for b in _base_chain(arr)), col
    # Two frames over the same result view the same buffer.
    a = result.relists["duration_s"].to_numpy()
    b = result.relists["duration_s"].to_numpy()
    assert np.shares_memory(a, b)
    # The arrays outlive the Result and the DataFrame.
    arr = plegsim.run(plegsim.Scenario.default({"duration": "2m", "warmup": "0s"})).relists["end_s"].to_numpy()
    assert arr[-1] > 0


def test_keep_flags_drop_the_big_streams(churny):
    r = plegsim.run(churny, keep_calls=False, keep_events=False, keep_changes=False)
    assert len(r.cri_calls) == 0 and len(r.events) == 0 and len(r.container_changes) == 0
    assert len(r.relists) > 0
    assert r.summary["events_delivered"] > 0


def test_path_and_default_arguments(source_dir):
    r = plegsim.run(source_dir / "scenarios" / "default.yaml", seed=1)
    assert r.scenario.name == "default"
    with pytest.raises(KeyError):
        r.table("nope")


def test_metrics_text_uses_the_release_names(result):
    text = result.metrics_text()
    # 1.11: microsecond summaries and the old runtime-operation names (spec 5).
    assert "kubelet_pleg_relist_latency_microseconds" in text
    assert "kubelet_runtime_operations" in text
    newer = plegsim.run(plegsim.Scenario.default({"duration": "5m", "warmup": "0s",
                                                       "kubelet.version": "1.28"}))
    assert "kubelet_pleg_relist_duration_seconds_bucket" in newer.metrics_text()


def test_hdf5_round_trip(result, tmp_path):
    pytest.importorskip("h5py")
    path = result.to_hdf5(tmp_path / "run.h5")
    loaded = plegsim.load_result(path)
    _same(loaded.summary, result.summary)
    assert loaded.seed == 3
    assert loaded.scenario == result.scenario
    for name in ("relists", "health", "node_ready", "cri_calls"):
        mine, back = result.table(name), loaded.table(name)
        assert len(mine) == len(back), name
        for col in mine.columns:
            if mine[col].dtype == np.float64:
                assert np.allclose(mine[col], back[col], equal_nan=True), (name, col)
            else:
                assert list(mine[col]) == list(back[col]), (name, col)
    assert (loaded.events["dropped"] == result.events["dropped"]).all()
    copy = loaded.to_hdf5(tmp_path / "copy.h5")
    assert plegsim.load_result(copy).summary == loaded.summary
