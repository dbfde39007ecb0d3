"""The summary's field table reaches Python, and every output lists exactly its fields:
the JSON summary, the run file's summary group, python3 -m plegsim.report, the sweep
CSV and `plegsim fields` (sim/record/summary_schema.h, docs/output.md §1)."""
import os
import subprocess
import sys

import h5py
import pytest

import plegsim
from plegsim.report import summary_table
from plegsim.result_file import load_result

PLEGSIM = os.environ.get("PLEGSIM_BIN", "plegsim")


def cli(*args, check=True):
    return subprocess.run([PLEGSIM, *args], capture_output=True, text=True, check=check,
                          timeout=120)


def flat_names(summary):
    """The summary dict's fields as the table names them: `object.member` for members of
    quantile objects; object-typed fields (causes, CRI operations) by their own name."""
    objects = {f["name"].split(".")[0] for f in plegsim.summary_fields() if "." in f["name"]}
    out = []
    for k, v in summary.items():
        if k in objects:
            out += [f"{k}.{m}" for m in v]
        else:
            out.append(k)
    return out


@pytest.fixture(scope="module")
def result():
    sc = plegsim.Scenario.default().with_overrides({"duration": "10m"})
    return plegsim.run(sc, seed=3)


def test_table_describes_every_field():
    fields = plegsim.summary_fields()
    assert len({f["name"] for f in fields}) == len(fields)
    for f in fields:
        assert set(f) == {"name", "type", "unit", "window", "doc", "numeric"}
        assert f["window"] in ("run", "measured", "end") and f["doc"]
    numeric = [f["name"] for f in fields if f["numeric"]]
    assert numeric == plegsim._core.summary_field_names()
    for name in ("changes_dropped", "changes_superseded", "kernel_events",
                 "relist_duration_seconds.p99", "first_not_ready_at_seconds"):
        assert name in numeric
    assert plegsim.summary_field_aliases()["relist_duration_p99_seconds"] == \
        "relist_duration_seconds.p99"


def test_json_summary_lists_exactly_the_table(result):
    assert flat_names(result.summary) == [f["name"] for f in plegsim.summary_fields()]
    s = result.summary
    assert plegsim.summary_value(s, "relist_duration_seconds.p99") == \
        s["relist_duration_seconds"]["p99"]
    assert plegsim.summary_value(s, "relist_duration_p99_seconds") == \
        s["relist_duration_seconds"]["p99"]


def test_run_file_and_report_list_exactly_the_table(result, tmp_path):
    path = result.to_hdf5(tmp_path / "run.h5")
    names = [f["name"] for f in plegsim.summary_fields()]
    with h5py.File(path, "r") as f:
        g = f["summary"]
        got = []
        for key in list(g.attrs) + list(g):
            if key == "json":
                continue
            if isinstance(g.get(key), h5py.Group) and any(n.startswith(key + ".") for n in names):
                got += [f"{key}.{m}" for m in g[key].attrs]
            else:
                got.append(key)
    assert sorted(got) == sorted(names)
    loaded = load_result(path)
    assert loaded.summary == result.summary
    lines = summary_table(loaded).splitlines()[1:]
    assert [line.split()[0] for line in lines] == names
    assert all(line.split()[1] != "-" for line in lines)


def test_report_module_prints_every_field(result, tmp_path):
    path = result.to_hdf5(tmp_path / "run.h5")
    out = subprocess.run([sys.executable, "-m", "plegsim.report", str(path)], check=True,
                         capture_output=True, text=True, timeout=120).stdout
    for f in plegsim.summary_fields():
        assert f"  {f['name']} " in out, f["name"]


def test_cli_fields_prints_the_table():
    out = cli("fields").stdout.splitlines()
    assert [line.split("\t")[0] for line in out] == [f["name"] for f in plegsim.summary_fields()]
    md = cli("fields", "--markdown").stdout
    assert md.count("\n") == len(out) + 2


def test_sweep_all_fields_are_the_numeric_fields():
    out = cli("sweep", "--axis", "node.pods=10", "-r", "1", "-j", "1", "--duration", "10m",
              "--raw", "--fields", "all").stdout
    header = out.splitlines()[0].split(",")
    assert header[:4] == ["point", "node.pods", "replication", "seed"]
    assert header[4:] == [f["name"] for f in plegsim.summary_fields() if f["numeric"]]
    row = out.splitlines()[1].split(",")
    assert len(row) == len(header)


def test_sweep_unknown_field_lists_the_valid_ones():
    r = cli("sweep", "--axis", "node.pods=10", "--fields", "relists,changes_lost", check=False)
    assert r.returncode == 2
    assert 'unknown summary field "changes_lost"' in r.stderr
    for f in plegsim.summary_fields():
        if f["numeric"]:
            assert f["name"] in r.stderr, f["name"]


def test_sweep_old_column_name_is_an_alias():
    r = cli("sweep", "--axis", "node.pods=10", "-r", "2", "-j", "1", "--duration", "10m",
            "--fields", "relist_duration_p99_seconds,changes_dropped")
    assert "deprecated" in r.stderr and "relist_duration_seconds.p99" in r.stderr
    header = r.stdout.splitlines()[0].split(",")
    assert "relist_duration_seconds.p99_mean" in header
    assert "changes_dropped_mean" in header


def test_python_sweep_columns_are_the_numeric_fields():
    sc = plegsim.Scenario.default().with_overrides({"duration": "10m"})
    df = plegsim.sweep(sc, {"node.pods": [10]}, replications=1, fields="all").runs
    numeric = [f["name"] for f in plegsim.summary_fields() if f["numeric"]]
    assert list(df.columns) == ["point", "node.pods", "replication", "seed"] + numeric
    # "all" holds the summary's own seed field too, after the seed column (as --fields all).
    r = plegsim.run(sc.with_overrides({"node.pods": 10}), seed=int(df.iloc[0, 3]))
    assert df.loc[0, "relist_duration_seconds.p99"] == r.summary["relist_duration_seconds"]["p99"]
