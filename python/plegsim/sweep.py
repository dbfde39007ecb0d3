"""plegsim.sweep: a scenario over axes, replicated, on the C++ sweep `plegsim sweep` runs.

Same points, seeds (common random numbers: replication r has the same seed at every
point), fields and 95 % intervals as the CLI; the tables are the ones its ``--raw`` and
aggregate CSV print (docs/output.md, "Sweeps"). Runs go on a thread pool with the GIL
released, or on a Dask cluster (``client=``, :mod:`plegsim._distributed`).
"""

from __future__ import annotations

import os
import tempfile
import warnings
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from .scenario import Scenario, _yaml_value

PathLike = Union[str, "os.PathLike[str]"]
AxesLike = Union[Mapping[str, Union[str, Sequence[Any]]], Sequence[str], None]

#: The trip fields whose "above 0 in a run" share each point reports.
TRIP_FIELDS: Tuple[str, ...] = tuple(_core.trip_fields)


def _axis(path: str, values: Union[str, Sequence[Any]]) -> Tuple[str, List[str]]:
    if isinstance(values, str):  # "50,110", "100..1000:100", "log:10..10000:12"
        return path, _core.axis_values(values)
    return path, [v if isinstance(v, str) else _yaml_value(v) for v in values]


def _axes(axes: AxesLike) -> List[Tuple[str, List[str]]]:
    if axes is None:
        return []
    if isinstance(axes, Mapping):
        return [_axis(str(p), v) for p, v in axes.items()]
    if isinstance(axes, str):
        raise TypeError("axes: a list of \"path=VALUES\" strings or a dict {path: values}, "
                        f"not the string {axes!r}")
    return [tuple(_core.parse_axis(a)) for a in axes]  # type: ignore[misc]


def _zip(zip: Sequence[Union[str, Sequence[str]]]) -> List[List[str]]:
    return [_core.parse_zip(z) if isinstance(z, str) else list(z) for z in zip]


def _scalar(text: str) -> Any:
    """An axis value as a number when it reads back as written ("50", "0.5"), else the
    text ("1/h", and "1.20", which as a float would be the release 1.2)."""
    for kind in (int, float):
        try:
            v = kind(text)
        except ValueError:
            continue
        return v if str(v) == text else text
    return text


def _numeric(values: Sequence[str]) -> bool:
    return not any(isinstance(_scalar(v), str) for v in values)


def _axis_column(values: Sequence[str]) -> list:
    """An axis column's values: all numbers, or all as written."""
    return [_scalar(v) for v in values] if _numeric(values) else list(values)


def _frame(columns: List[Tuple[str, list]], axes: Sequence[str]) -> pd.DataFrame:
    data: Dict[str, Any] = {}
    for name, values in columns:
        if name in axes:
            data[name] = _axis_column(values)
        elif name == "seed":
            data[name] = np.array(values, dtype=np.uint64)
        elif values and all(isinstance(v, int) for v in values):
            data[name] = np.array(values, dtype=np.int64)
        else:
            data[name] = np.array([np.nan if v is None else v for v in values], dtype=float)
    return pd.DataFrame(data, columns=[name for name, _ in columns])


class SweepResult:
    """A finished sweep. ``runs``: one row per run (point, axis values, replication,
    seed, one column per field); ``points``: one row per point (axis values,
    replications, runs_not_ready, FIELD_mean/_ci95/_n per field, and
    FIELD_p_gt0/_lo95/_hi95 per trip field: the share of runs above 0 with its Wilson
    interval). Both equal ``plegsim sweep --raw`` and ``plegsim sweep`` for the same
    arguments. ``table`` is the C++ table behind both (and behind :meth:`to_csv`)."""

    def __init__(self, table: "_core.SweepTable") -> None:
        """Internal: use :func:`plegsim.sweep`."""
        self.table = table
        self.axes: List[str] = list(table.axes)
        self.fields: List[str] = list(table.fields)
        self.replications: int = table.replications
        self._runs: Optional[pd.DataFrame] = None
        self._points: Optional[pd.DataFrame] = None

    @property
    def runs(self) -> pd.DataFrame:
        """One row per run, as ``plegsim sweep --raw``."""
        if self._runs is None:
            self._runs = _frame(self.table.run_columns(), self.axes)
        return self._runs.copy()

    @property
    def points(self) -> pd.DataFrame:
        """One row per point with means, 95 % half-widths and trip shares."""
        if self._points is None:
            self._points = _frame(self.table.point_columns(), self.axes)
        return self._points.copy()

    def to_csv(self, path: PathLike, raw: bool = False) -> str:
        """Writes the CSV ``plegsim sweep [--raw] -o PATH`` writes (under a temporary
        name, then renamed: never half-written); returns the path."""
        path = os.fspath(path)
        text = self.table.csv(raw)
        fd, tmp = tempfile.mkstemp(prefix=".plegsim-", suffix=".csv.tmp",
                                   dir=os.path.dirname(os.path.abspath(path)))
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return path

    def __repr__(self) -> str:
        return (f"<plegsim.SweepResult axes={self.axes} points={len(self.points)} "
                f"replications={self.replications} runs={len(self.runs)}>")


def run_row(plan: "_core.SweepPlan", values: Tuple[Any, ...]) -> Dict[str, Any]:
    """The ``runs`` row of one run's values tuple (what ``on_run`` receives)."""
    point, replication, seed, field_values, _ = values
    row: Dict[str, Any] = {"point": point}
    for (path, values), v in zip(plan.axes, plan.axis_values(point)):
        row[path] = _scalar(v) if _numeric(values) else v
    row["replication"] = replication
    row["seed"] = seed
    row.update({f: (np.nan if v is None else v) for f, v in zip(plan.fields, field_values)})
    return row


def sweep(scenario: Union[Scenario, PathLike, None] = None, axes: AxesLike = None, *,
          zip: Sequence[Union[str, Sequence[str]]] = (), replications: Optional[int] = None,
          set: Sequence[str] = (), fields: Optional[Union[str, Sequence[str]]] = None,
          seed: Optional[int] = None, duration: Optional[str] = None,
          kubelet_config: Optional[PathLike] = None, threads: Optional[int] = None,
          on_run: Optional[Callable[[Dict[str, Any]], None]] = None, client: Any = None,
          allow_large: bool = False, keep_calls: bool = False, keep_events: bool = False,
          keep_changes: bool = False, grid: Optional[Mapping[str, Sequence[Any]]] = None,
          workers: Optional[int] = None, **removed: Any) -> SweepResult:
    """Runs ``scenario`` (a :class:`Scenario`, a path, or None for the built-in default)
    at every point of ``axes`` with ``replications`` runs each, as ``plegsim sweep``.

    ``axes``: ``["node.pods=50,110,250", "workload.crashRate=1/h..5/h:1/h"]`` or
    ``{"node.pods": [50, 110], "workload.crashRate": "1/h..5/h:1/h"}``; over the
    scenario's own ``sweep.axes``. ``zip``: groups of axes moving in lock-step
    (``["node.pods,workload.crashRate"]``). ``replications``: default the scenario's
    ``sweep.replications``, else 5. ``set``: ``path=value`` overrides (as ``--set``);
    ``seed``, ``duration``: shorthands for ``set=["seed=..", "duration=.."]``;
    ``kubelet_config``: a KubeletConfiguration file (needs a path or None as scenario).
    ``fields``: numeric summary fields (``"all"``, a list, or comma-separated); default
    the CLI's. ``threads``: default the cores; results do not depend on it.
    ``on_run(row)``: called with each finished run's ``runs`` row as runs finish, one
    call at a time (from a worker thread, holding the GIL). ``client``: a
    ``distributed.Client``: the runs go to its workers in batches (same result).

    Raises ValueError on a bad axis, zip or field (naming the valid ones),
    :class:`plegsim.ScenarioError` / :class:`plegsim.BuildError` before anything runs
    when a point does not load or build.
    """
    if removed:
        name = next(iter(removed))
        hint = {"seeds": "seeds are derived from the scenario's seed per replication "
                         "(common random numbers): pass replications=N (and seed=)",
                "metrics": "pass fields= (numeric summary fields), or use plegsim.run_many "
                           "for anything computed from a run's tables"}.get(name, "")
        raise TypeError(f"plegsim.sweep() got an unexpected keyword argument {name!r}"
                        + (f": {hint}" if hint else ""))
    if grid is not None:
        warnings.warn("plegsim.sweep(grid=...) is deprecated; pass axes=", DeprecationWarning,
                      stacklevel=2)
        if axes is not None:
            raise TypeError("pass axes= or grid=, not both")
        axes = grid
    if workers is not None:
        warnings.warn("plegsim.sweep(workers=...) is deprecated; pass threads=",
                      DeprecationWarning, stacklevel=2)
        threads = threads if threads is not None else workers
    if keep_calls or keep_events or keep_changes:
        raise ValueError("a sweep keeps each run's summary only; use plegsim.run or run_many "
                         "for the call, event and change tables")
    scenario = _scenario(scenario, kubelet_config)
    overrides = list(scenario.overrides) + list(set)
    if duration is not None:
        overrides.append(f"duration={duration}")
    if seed is not None:
        overrides.append(f"seed={int(seed)}")
    if isinstance(fields, str):
        fields = [f for f in fields.split(",") if f]
    if fields is not None:
        _warn_aliases(fields)
    plan = _core.SweepPlan(scenario._s, _axes(axes), _zip(zip), overrides, replications,
                           None if fields is None else list(fields), True, allow_large)
    callback = None if on_run is None else (lambda values: on_run(run_row(plan, values)))
    if client is not None:
        from . import _distributed

        spec = _distributed.PlanSpec.of(scenario._s, plan, overrides, allow_large)
        return SweepResult(_distributed.run_sweep(client, spec, plan, callback))
    n = threads if threads is not None else (os.cpu_count() or 1)
    if n < 1:
        raise ValueError(f"threads must be at least 1, not {n}")
    return SweepResult(plan.run(n, callback))


def _scenario(scenario: Union[Scenario, PathLike, None],
              kubelet_config: Optional[PathLike]) -> Scenario:
    if kubelet_config is not None:
        if isinstance(scenario, Scenario):
            raise ValueError("kubelet_config= applies when the scenario is loaded: pass its "
                             "path (or None for the default), or Scenario.load(path, "
                             "kubelet_config=...)")
        if scenario is None:
            return Scenario.default(kubelet_config=kubelet_config)
        return Scenario.load(scenario, kubelet_config=kubelet_config)
    if scenario is None:
        return Scenario.default()
    if isinstance(scenario, Scenario):
        return scenario
    return Scenario.load(scenario)


def _warn_aliases(fields: Sequence[str]) -> None:
    aliases = _core.summary_field_aliases()
    for f in fields:
        if f in aliases:
            warnings.warn(f"field {f!r} is deprecated; it is now {aliases[f]!r} (the column "
                          "is named so)", DeprecationWarning, stacklevel=3)
