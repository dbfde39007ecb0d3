"""plegsim.sweep is the C++ sweep `plegsim sweep` runs: its runs and points tables hold,
cell for cell, what the CLI's --raw and aggregate CSV print for the same arguments (same
points, seeds, fields and intervals), and to_csv writes the CLI's bytes."""

from __future__ import annotations

import csv
import io
import math
import subprocess
import warnings

import numpy as np
import pytest

import plegsim

# Noisy sandbox lists (tests/unit/sweep_table_test.cpp): at 400 pods some runs trip the
# PLEG and some do not, so means, empty values and trip shares are all exercised. The
# scenario's own sweep: axes are merged with the call's, as the CLI merges --axis.
SCENARIO = """\
name: sweep-api
duration: 20m
warmup: 1m
seed: 11
node: {pods: 40}
runtime:
  latency:
    ListPodSandbox: {perReturned: 50ms, noise: {lognormal: {sigma: 0.8}}}
sweep:
  axes:
    node.pods: [40, 400]
  replications: 2
"""


@pytest.fixture(scope="module")
def scenario_path(tmp_path_factory):
    p = tmp_path_factory.mktemp("sweep") / "sweep-api.yaml"
    p.write_text(SCENARIO)
    return p


def cli(plegsim_bin, *args):
    r = subprocess.run([plegsim_bin, "sweep", "-q", *args], capture_output=True, text=True,
                       check=True)
    return r.stdout


def cell(v) -> str:
    """A DataFrame value as the CSV writes it (%.6g; empty for no value)."""
    if isinstance(v, (float, np.floating)):
        return "" if math.isnan(v) else "%.6g" % v
    return str(v)


def assert_frame_is_csv(df, text):
    rows = list(csv.reader(io.StringIO(text)))
    assert list(df.columns) == rows[0]
    assert len(df) == len(rows) - 1
    for got, want in zip(df.itertuples(index=False), rows[1:]):
        assert [cell(v) for v in got] == want


# (CLI arguments, plegsim.sweep keywords) that ask for the same sweep.
CASES = {
    "scenario-axes-and-a-range": (
        ["--axis", "workload.crashRate=1/h..3/h:2/h", "-r", "3", "--set", "seed=5"],
        dict(axes=["workload.crashRate=1/h..3/h:2/h"], replications=3, seed=5)),
    "zip-dict-and-fields": (
        ["--axis", "node.pods=40,400", "--axis", "workload.crashRate=1/h,4/h",
         "--zip", "node.pods,workload.crashRate", "--duration", "15m",
         "--fields", "relists,node_not_ready_share,first_unhealthy_at_seconds"],
        dict(axes={"node.pods": [40, 400], "workload.crashRate": ["1/h", "4/h"]},
             zip=["node.pods,workload.crashRate"], duration="15m",
             fields=["relists", "node_not_ready_share", "first_unhealthy_at_seconds"])),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_tables_and_csv_equal_the_cli(plegsim_bin, scenario_path, tmp_path, case):
    args, kwargs = CASES[case]
    res = plegsim.sweep(scenario_path, threads=2, **kwargs)
    raw = cli(plegsim_bin, str(scenario_path), "-j", "1", "--raw", *args)
    agg = cli(plegsim_bin, str(scenario_path), "-j", "1", *args)
    assert_frame_is_csv(res.runs, raw)
    assert_frame_is_csv(res.points, agg)
    assert open(res.to_csv(tmp_path / "raw.csv", raw=True)).read() == raw
    assert open(res.to_csv(tmp_path / "agg.csv")).read() == agg
    # Not vacuous: several points, and a point where some runs tripped and some did not.
    assert len(res.points) >= 2
    shares = res.points["pleg_unhealthy_transitions_p_gt0"]
    assert ((shares > 0) & (shares < 1)).any() or case == "zip-dict-and-fields"


def test_defaults_are_the_clis_and_seed_is_a_column_not_a_field(plegsim_bin, scenario_path):
    res = plegsim.sweep(scenario_path, replications=1, threads=1)
    assert_frame_is_csv(res.runs, cli(plegsim_bin, str(scenario_path), "-r", "1", "--raw"))
    assert "seed" in res.runs.columns and "seed" not in res.fields
    assert res.runs["seed"].dtype == np.uint64
    assert res.points["replications"].tolist() == [1, 1]


def test_on_run_sees_every_run_as_its_row(scenario_path):
    rows = []
    res = plegsim.sweep(scenario_path, threads=2, on_run=rows.append)
    runs = res.runs
    assert len(rows) == len(runs) == 4
    rows.sort(key=lambda r: (r["point"], r["replication"]))
    for row, want in zip(rows, runs.itertuples(index=False)):
        assert list(row) == list(runs.columns)
        assert [cell(v) for v in row.values()] == [cell(v) for v in want]


def test_an_on_run_error_stops_the_sweep_and_reaches_the_caller(scenario_path):
    def fail(row):
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        plegsim.sweep(scenario_path, threads=2, on_run=fail)


def test_bad_arguments_are_errors_before_any_run(scenario_path):
    with pytest.raises(ValueError, match="unknown summary field \"nope\".*node_not_ready_share"):
        plegsim.sweep(scenario_path, fields=["nope"])
    with pytest.raises(ValueError, match="given twice"):
        plegsim.sweep(scenario_path, axes=["workload.crashRate=1/h", "workload.crashRate=2/h"])
    with pytest.raises(plegsim.ScenarioError, match="node.pods"):
        plegsim.sweep(scenario_path, axes=["node.pods=-5"])
    with pytest.raises(TypeError, match="replications=N"):
        plegsim.sweep(scenario_path, seeds=[1, 2])
    with pytest.raises(ValueError, match="summary only"):
        plegsim.sweep(scenario_path, keep_calls=True)


def test_grid_still_works_with_a_deprecation_warning():
    sc = plegsim.Scenario.default({"duration": "10m"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = plegsim.sweep(sc, grid={"node.pods": [20]}, replications=2, threads=1)
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)
    new = plegsim.sweep(sc, {"node.pods": [20]}, replications=2, threads=1)
    assert old.table.csv(True) == new.table.csv(True)


def test_the_scenarios_own_overrides_apply():
    sc = plegsim.Scenario.default({"duration": "10m", "node.pods": 30})
    res = plegsim.sweep(sc, replications=1, threads=1, fields=["relists"])
    direct = plegsim.run(sc, keep_calls=False, keep_events=False, keep_changes=False)
    assert res.runs.loc[0, "relists"] == direct.summary["relists"]


def test_ctrl_c_stops_a_sweep_with_keyboard_interrupt():
    import os
    import signal
    import threading
    import time

    sc = plegsim.Scenario.default({"duration": "6h"})
    # 440 runs of 6 h of 1000-2000 pods (about 0.1 s each here): some 30 s or more on two
    # threads, against the half second before the signal and the runs then under way.
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            plegsim.sweep(sc, ["node.pods=1000..2000:100"], replications=40, threads=2)
    finally:
        timer.cancel()
    assert time.perf_counter() - start < 5


def test_axis_columns_are_numbers_only_when_they_read_back_as_written():
    sc = plegsim.Scenario.default({"duration": "10m"})
    rows = []
    res = plegsim.sweep(sc, {"kubelet.version": ["1.20", "1.27"], "node.pods": [20]},
                        replications=1, threads=1, fields=["relists"], on_run=rows.append)
    runs = res.runs
    assert runs["kubelet.version"].tolist() == ["1.20", "1.27"]  # not the float 1.2
    assert runs["node.pods"].tolist() == [20, 20] and runs["node.pods"].dtype.kind == "i"
    assert sorted((r["kubelet.version"], r["node.pods"]) for r in rows) == [("1.20", 20),
                                                                            ("1.27", 20)]


def test_kubelet_config_is_the_clis(plegsim_bin, source_dir):
    # tuned.json sets runtimeRequestTimeout: 15s; container lists of 1 s per container
    # returned outlast it from 8 pods (2 containers each) on.
    config = source_dir / "tests" / "data" / "kubelet-config" / "tuned.json"
    slow = "runtime.latency.ListContainers.perReturned=1s"
    fields = "relists,relist_duration_seconds.p99"
    res = plegsim.sweep(None, ["node.pods=5,20"], replications=2, duration="10m", set=[slow],
                        fields=fields, kubelet_config=config)
    assert res.table.csv(False) == cli(plegsim_bin, "--kubelet-config", str(config), "--axis",
                                       "node.pods=5,20", "-r", "2", "--duration", "10m",
                                       "--set", slow, "--fields", fields)
    # The file changed the runs (else the comparison would not show it was read).
    plain = plegsim.sweep(None, ["node.pods=5,20"], replications=2, duration="10m", set=[slow],
                          fields=fields)
    assert not plain.points.equals(res.points)
    with pytest.raises(ValueError, match="kubelet_config"):
        plegsim.sweep(plegsim.Scenario.default(), kubelet_config=config)
