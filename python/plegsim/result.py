"""Running scenarios and reading what they recorded.

``plegsim.run`` releases the GIL while the simulation runs, so threads give real
parallelism (``run_many``). A :class:`Result`'s tables are pandas DataFrames whose numeric
columns are read-only numpy views of the result's own memory (no copies); times are
float seconds since the simulation started, and every column name carries its unit.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _core
from .scenario import Scenario

PathLike = Union[str, "os.PathLike[str]"]

#: Tables a Result offers, with what one row is.
TABLES = {
    "relists": "one finished relist: start_s, end_s, duration_s, get_pods_s, interval_s, ok, "
               "listed sandboxes/containers, pods_with_events, pods_inspected, "
               "inspection_errors, events_sent, events_dropped, running gauges",
    "health": "one PLEG health transition: at_s, healthy, message",
    "node_ready": "one node Ready transition: at_s, ready, message",
    "cri_calls": "one CRI call as the kubelet measured it: op, start_s, end_s, duration_s, code",
    "events": "one PLEG event sent or dropped: at_s, pod, type, container, dropped",
    "container_changes": "one runtime state change: at_s, pod, container, sandbox, state",
}


def frame_from_columns(columns: Sequence[Tuple[str, str, Any, Optional[List[str]]]]) -> pd.DataFrame:
    """A DataFrame over ``(name, kind, data, categories)`` columns without copying the
    numeric arrays (``copy=False`` keeps one block per column)."""
    data: Dict[str, Any] = {}
    for name, kind, values, categories in columns:
        if kind == "category":
            data[name] = pd.Categorical.from_codes(values, categories=categories)
        else:
            data[name] = values
    return pd.DataFrame(data, copy=False)


class _Tables:
    """The DataFrame properties shared by in-memory and loaded results."""

    def table(self, name: str) -> pd.DataFrame:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def relists(self) -> pd.DataFrame:
        """One row per finished relist (see :data:`TABLES`)."""
        return self.table("relists")

    @property
    def health(self) -> pd.DataFrame:
        """PLEG ``Healthy()`` transitions: at_s, healthy, message."""
        return self.table("health")

    @property
    def node_ready(self) -> pd.DataFrame:
        """Node Ready condition transitions: at_s, ready, message."""
        return self.table("node_ready")

    @property
    def cri_calls(self) -> pd.DataFrame:
        """Every CRI call: op, start_s, end_s, duration_s, code (empty if not kept)."""
        return self.table("cri_calls")

    @property
    def events(self) -> pd.DataFrame:
        """PLEG events sent to or dropped from the channel (empty if not kept)."""
        return self.table("events")


class Result(_Tables):
    """A finished simulation. Get one from :func:`plegsim.run`.

    Attributes:
        scenario: the :class:`Scenario` that ran.
        seed: the seed it ran with.
        end_s: simulated seconds at the end of the run.
    """

    def __init__(self, core: "_core.RunResult", scenario: Scenario) -> None:
        """Internal: use :func:`plegsim.run`."""
        self._core = core
        self.scenario = scenario
        self.seed: int = core.seed
        self.end_s: float = core.end_s
        self._summary: Optional[dict] = None

    @property
    def summary(self) -> dict:
        """End-of-run scalars: the same fields as ``plegsim run --json``."""
        if self._summary is None:
            self._summary = json.loads(self._core.summary_json)
        return dict(self._summary)

    def table(self, name: str) -> pd.DataFrame:
        """The table ``name`` (one of :data:`TABLES`) as a DataFrame. Numeric columns
        share memory with this result (read-only); ``.copy()`` to modify."""
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; tables: {', '.join(TABLES)}")
        return frame_from_columns(self._core.table(name))

    @property
    def container_changes(self) -> pd.DataFrame:
        """State changes in the runtime (what the PLEG should detect)."""
        return self.table("container_changes")

    def metrics_text(self) -> str:
        """The kubelet's own metrics as a Prometheus text scrape at the end of the run,
        with the names, types and buckets of the simulated release."""
        return self._core.metrics_text()

    def to_hdf5(self, path: PathLike) -> str:
        """Writes the run to an HDF5 run file (docs/output.md) readable by
        :func:`load_result`, h5py or pandas; returns the path."""
        path = os.fspath(path)
        self._core.write_hdf5(path)
        return path

    def __repr__(self) -> str:
        s = self.summary
        return (f"<plegsim.Result {self.scenario.name!r} seed={self.seed} "
                f"relists={s.get('relists')} "
                f"node_not_ready_seconds={s.get('node_not_ready_seconds')}>")


def run(scenario: Union[Scenario, PathLike, None] = None, seed: Optional[int] = None, *,
        keep_calls: bool = True, keep_events: bool = True,
        keep_changes: bool = True, allow_large: bool = False) -> Result:
    """Runs ``scenario`` (a :class:`Scenario`, a path, or None for the built-in default)
    to its duration and returns the :class:`Result`.

    The GIL is released while the simulation runs. ``seed`` overrides the scenario's.
    ``keep_calls`` / ``keep_events`` / ``keep_changes`` decide whether the CRI call log,
    PLEG events and runtime changes are kept (memory grows with them; the summary and
    relist/health/Ready tables are always kept). Raises :class:`plegsim.BuildError` when
    the scenario cannot be simulated, or when its memory estimate exceeds the 4 GiB budget
    and ``allow_large`` is false.
    """
    if scenario is None:
        scenario = Scenario.default()
    elif not isinstance(scenario, Scenario):
        scenario = Scenario.load(scenario)
    core = _core.run(scenario._s, seed, keep_calls, keep_events, keep_changes, allow_large)
    return Result(core, scenario)


def run_many(jobs: Iterable[Union[Scenario, Tuple[Scenario, Optional[int]]]],
             workers: Optional[int] = None, **run_kwargs: Any) -> List[Result]:
    """Runs several scenarios on a thread pool (the GIL is released while each runs) and
    returns their results in input order. Each job is a Scenario or (Scenario, seed)."""
    pairs = [j if isinstance(j, tuple) else (j, None) for j in jobs]
    workers = workers or os.cpu_count() or 1
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run, sc, seed, **run_kwargs) for sc, seed in pairs]
        return [f.result() for f in futures]
