"""plegsim.load_sweep reads `plegsim sweep -o X.h5` into the same tables as the CSVs the
same sweep writes (`-o X.csv`, and `--raw -o X.csv`): same columns, same rows, values
equal to the CSV's 6 significant digits; and refuses a file that is not a sweep file."""

from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
import pytest

import plegsim

SWEEP = ["sweep", "--axis", "node.pods=10,30", "--axis", "workload.crashRate=1/h,6/h", "-r", "3",
         "-j", "2", "--duration", "20m", "-q", "--fields",
         "relists,pleg_unhealthy_transitions,first_unhealthy_at_seconds"]


def _run(plegsim_bin, out, *extra):
    subprocess.run([plegsim_bin, *SWEEP, *extra, "-o", str(out)], check=True)


def _same(frame: pd.DataFrame, csv: pd.DataFrame) -> None:
    assert list(frame.columns) == list(csv.columns)
    assert len(frame) == len(csv) > 0
    for col in csv.columns:
        a, b = frame[col].to_numpy(), csv[col].to_numpy()
        if b.dtype.kind in "fiu":
            a = a.astype(float)
            b = b.astype(float)
            assert np.array_equal(np.isnan(a), np.isnan(b)), col
            ok = ~np.isnan(b)
            # The CSV prints %.6g; the file keeps every bit.
            assert np.allclose(a[ok], b[ok], rtol=1e-5, atol=0), col
        else:
            assert [str(x) for x in a] == [str(x) for x in b], col


def test_load_sweep_matches_the_csvs(plegsim_bin, tmp_path):
    _run(plegsim_bin, tmp_path / "s.h5")
    _run(plegsim_bin, tmp_path / "points.csv")
    _run(plegsim_bin, tmp_path / "runs.csv", "--raw")
    s = plegsim.load_sweep(tmp_path / "s.h5")
    assert s.axes == ["node.pods", "workload.crashRate"]
    assert s.attrs["axis_kinds"] == ["numeric", "text"]
    assert s.attrs["replications"] == 3
    assert s.fields == ["relists", "pleg_unhealthy_transitions", "first_unhealthy_at_seconds"]
    assert s.attrs["plegsim_version"] == plegsim.__version__
    runs_csv = pd.read_csv(tmp_path / "runs.csv")
    points_csv = pd.read_csv(tmp_path / "points.csv")
    _same(s.runs, runs_csv)
    _same(s.points, points_csv)
    assert s.runs["seed"].dtype == np.uint64
    assert list(s.points["workload.crashRate"]) == ["1/h", "6/h", "1/h", "6/h"]
    assert not (tmp_path / "s.h5.journal").exists()


def test_load_sweep_refuses_other_files(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("point,node.pods\n")
    with pytest.raises(plegsim.RunFileError, match="x.csv"):
        plegsim.load_sweep(p)
