"""Reading an HDF5 run file (``plegsim run -o run.h5`` or ``Result.to_hdf5``) with h5py,
into the same DataFrames and summary dict as an in-memory :class:`plegsim.Result`.

The file layout is documented in docs/output.md; this reader needs only h5py, numpy and
pandas, not the compiled extension.
"""

from __future__ import annotations

import json
import math
import os
import shutil
from typing import Any, Dict, Optional

import numpy as np
import pandas as pd

from .errors import RunFileError
from .result import TABLES, PathLike, _Tables

# Table names in the file that differ from a Result's.
_FILE_TABLE = {"cri_calls": "calls"}
# int8 flag columns that are booleans.
_FLAGS = {"ok", "healthy", "ready", "delivered", "sandbox"}


def _py(v: Any) -> Any:
    """An attribute value as plain Python (NaN -> None, as JSON null)."""
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, np.ndarray):
        return [_py(x) for x in v.tolist()]
    return v


def _group_dict(g: Any) -> Dict[str, Any]:
    import h5py

    out: Dict[str, Any] = {k: _py(v) for k, v in g.attrs.items()}
    for k, child in g.items():
        if isinstance(child, h5py.Group):
            out[k] = _group_dict(child)
    return out


def _summary(g: Any) -> Dict[str, Any]:
    # The group keeps the --json text verbatim when the writer stored it.
    if "json" in g.attrs:
        return json.loads(_py(g.attrs["json"]))
    return _group_dict(g)


def _column(name: str, values: np.ndarray, dtype: Any):
    """(new name, values) for one compound field: *_ns -> *_s seconds, enums ->
    categories, flags -> bool, strings -> str."""
    import h5py

    enum = h5py.check_enum_dtype(dtype)
    if enum is not None:
        names = sorted(enum, key=enum.get)
        index = {enum[n]: i for i, n in enumerate(names)}
        codes = np.fromiter((index[v] for v in values.tolist()), dtype=np.int16,
                            count=len(values))
        return name, pd.Categorical.from_codes(codes, categories=names)
    if h5py.check_string_dtype(dtype) is not None:
        return name, [v.decode() if isinstance(v, bytes) else v for v in values.tolist()]
    if name.endswith("_ns"):
        seconds = values.astype(np.float64) / 1e9
        if name == "interval_ns" or name.endswith("latency_ns"):
            seconds[values < 0] = np.nan
        return name[:-3] + "_s", seconds
    if name in _FLAGS:
        return name, values.astype(bool)
    return name, values


class LoadedResult(_Tables):
    """A run read back from an HDF5 file: ``summary`` and the tables, like
    :class:`plegsim.Result`. ``metrics_text()`` is not stored in run files.

    Attributes:
        path: the file.
        attrs: the file's root attributes (scenario YAML, seed, versions, ...).
        seed: the seed the run used.
    """

    def __init__(self, path: PathLike) -> None:
        import h5py

        from . import _core

        self.path = os.fspath(path)
        # The same checks as `plegsim report`, before h5py parses anything: a corrupt or
        # foreign file raises RunFileError instead of crashing or reading garbage.
        _core.validate_run_file(self.path)
        try:
            with h5py.File(self.path, "r") as f:
                self.attrs: Dict[str, Any] = {k: _py(v) for k, v in f.attrs.items()}
                self._summary = _summary(f["summary"]) if "summary" in f else {}
                self._names = [k for k in f.keys() if isinstance(f[k], h5py.Dataset)]
        except (OSError, KeyError, ValueError, UnicodeDecodeError) as e:
            # The validator checks the structure and the checksummed metadata; what it
            # cannot see (variable-length strings in the global heap, an object HDF5
            # refuses on a second read) fails here, as a RunFileError all the same.
            raise RunFileError(f"{self.path}: damaged run file ({e})") from None
        self.seed: Optional[int] = self.attrs.get("seed")
        self._tables: Dict[str, pd.DataFrame] = {}

    @property
    def summary(self) -> dict:
        """The ``summary`` group as a dict: the fields of ``plegsim run --json``."""
        return dict(self._summary)

    @property
    def scenario(self):
        """The resolved scenario the run used, as a :class:`plegsim.Scenario`."""
        from .scenario import Scenario

        return Scenario.from_yaml(self.attrs["scenario_resolved_yaml"], source_name=self.path)

    @property
    def detections(self) -> pd.DataFrame:
        """Per runtime change: when the PLEG reported it, if ever (when events were kept)."""
        return self.table("detections")

    def table(self, name: str) -> pd.DataFrame:
        """The table ``name`` as a DataFrame (times in seconds, as for Result)."""
        import h5py

        if name in self._tables:
            return self._tables[name]
        stored = _FILE_TABLE.get(name, name)
        if stored not in self._names:
            if name in TABLES or name == "detections":
                return pd.DataFrame()
            raise KeyError(f"no table {name!r} in {self.path}")
        try:
            with h5py.File(self.path, "r") as f:
                ds = f[stored]
                rows = ds[()]
                data: Dict[str, Any] = {}
                for field in ds.dtype.names or ():
                    new, values = _column(field, rows[field], ds.dtype.fields[field][0])
                    data[new] = values
        except (OSError, KeyError, ValueError, UnicodeDecodeError) as e:
            raise RunFileError(f"{self.path}: damaged table {stored!r} ({e})") from None
        df = pd.DataFrame(data)
        if "start_s" in df and "end_s" in df and "duration_s" not in df:
            df.insert(df.columns.get_loc("end_s") + 1, "duration_s", df["end_s"] - df["start_s"])
        if "delivered" in df and "dropped" not in df:
            df["dropped"] = ~df["delivered"]
        self._tables[name] = df
        return df

    def to_hdf5(self, path: PathLike) -> str:
        """Copies the run file to ``path``."""
        path = os.fspath(path)
        shutil.copyfile(self.path, path)
        return path

    def metrics_text(self) -> str:
        """Not available: run files do not store the metrics scrape."""
        raise NotImplementedError("run files do not store metrics; use plegsim.run(...)"
                                  ".metrics_text() or `plegsim run --metrics FILE`")

    def __repr__(self) -> str:
        return f"<plegsim.LoadedResult {self.path!r} seed={self.seed}>"


def load_result(path: PathLike) -> LoadedResult:
    """Reads a run file written by ``Result.to_hdf5`` or ``plegsim run -o`` (needs h5py)."""
    return LoadedResult(path)
