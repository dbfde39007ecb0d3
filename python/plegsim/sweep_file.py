"""Reading a sweep file (``plegsim sweep -o sweep.h5``) with h5py into pandas.

The file holds the same two tables as the sweep's CSVs, with the same column names
(docs/output.md, "Sweeps"): ``runs`` (one row per run: point, axis values, replication,
seed, every chosen summary field; NaN where a run has no value) and ``points`` (one row
per point: axis values, replications, runs_not_ready, FIELD_mean / FIELD_ci95 / FIELD_n
per field, and the trip shares with their Wilson interval ends). Needs only h5py, numpy
and pandas, not the compiled extension.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Dict, List, Union

import numpy as np
import pandas as pd

from .errors import RunFileError

PathLike = Union[str, "os.PathLike[str]"]

#: The root ``format`` attribute of a sweep file.
SWEEP_FORMAT = "plegsim sweep"


def _py(v: Any) -> Any:
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, np.ndarray):
        return [_py(x) for x in v.tolist()]
    if isinstance(v, np.generic):
        return v.item()
    return v


def _frame(ds: Any) -> pd.DataFrame:
    rows = ds[()]
    cols: Dict[str, Any] = {}
    for name in rows.dtype.names or ():
        col = rows[name]
        if col.dtype.kind == "O":  # variable-length strings (text axes)
            col = [c.decode() if isinstance(c, bytes) else c for c in col]
        cols[name] = col
    return pd.DataFrame(cols, columns=list(rows.dtype.names or ()))


@dataclass
class SweepFile:
    """A sweep file's tables and root attributes."""

    path: str
    runs: pd.DataFrame
    points: pd.DataFrame
    attrs: Dict[str, Any] = field(default_factory=dict)

    @property
    def axes(self) -> List[str]:
        return list(self.attrs.get("axes", []))

    @property
    def fields(self) -> List[str]:
        return list(self.attrs.get("fields", []))


def load_sweep(path: PathLike) -> SweepFile:
    """Reads ``plegsim sweep -o PATH.h5``: ``.runs`` and ``.points`` DataFrames (the CSV's
    columns; numeric axes as float, text axes as str) and ``.attrs`` (axes, axis_kinds,
    replications, fields, scenario_name, seed, sweep_fingerprint, plegsim_version).
    Raises :class:`plegsim.RunFileError` naming the file when it is not a sweep file."""
    import h5py

    p = os.fspath(path)
    try:
        f = h5py.File(p, "r")
    except OSError as e:
        raise RunFileError(f"{p}: not an HDF5 file: {e}") from e
    with f:
        attrs = {k: _py(v) for k, v in f.attrs.items()}
        if attrs.get("format") != SWEEP_FORMAT:
            raise RunFileError(f"{p}: not a sweep file (format {attrs.get('format')!r}, "
                               f"not {SWEEP_FORMAT!r})")
        for name in ("runs", "points"):
            if name not in f:
                raise RunFileError(f"{p}: table {name} missing")
        return SweepFile(path=p, runs=_frame(f["runs"]), points=_frame(f["points"]), attrs=attrs)
