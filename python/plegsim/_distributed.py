"""Sweeps and limit searches on a Dask cluster (``client=`` of :func:`plegsim.sweep` and
:func:`plegsim.limit`).

The client expands and checks the sweep; each batch of (point, replication) runs goes to
a worker as a task that rebuilds the same sweep from its scenario text and runs the batch
in C++ with the GIL released (``SweepPlan.run_batch``). A run's values depend only on its
point and replication, so the table built from the batches (``SweepPlan.table``) is the
one a local sweep gives, whatever the cluster. The limit search stays in C++ and hands
each batch of replications to :func:`limit_runner`, which spreads it over the workers.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, List, Optional, Sequence, Tuple

from . import _core

RunIds = List[Tuple[int, int]]


@dataclasses.dataclass(frozen=True)
class PlanSpec:
    """What a worker needs to rebuild a sweep: the scenario's text (with the merged
    axes, not its own ``sweep:``), overrides, replications and fields."""

    yaml: str
    source: str
    axes: Tuple[Tuple[str, Tuple[str, ...]], ...]
    zip: Tuple[Tuple[str, ...], ...]
    overrides: Tuple[str, ...]
    replications: int
    fields: Tuple[str, ...]
    allow_large: bool

    @classmethod
    def of(cls, scenario: "_core.Scenario", plan: "_core.SweepPlan", overrides: Sequence[str],
           allow_large: bool) -> "PlanSpec":
        return cls(scenario.source_yaml, scenario.source_path,
                   tuple((p, tuple(v)) for p, v in plan.axes), tuple(tuple(z) for z in plan.zip),
                   tuple(overrides), plan.replications, tuple(plan.fields), allow_large)

    def plan(self) -> "_core.SweepPlan":
        base = _core.load_scenario_text(self.yaml, self.source)
        return _core.SweepPlan(base, [(p, list(v)) for p, v in self.axes],
                               [list(z) for z in self.zip], list(self.overrides),
                               self.replications, list(self.fields), False, self.allow_large)


def run_batch(spec: PlanSpec, ids: RunIds) -> list:
    """On a worker: the runs ``ids`` of the sweep ``spec`` describes, one thread (Dask
    runs one task per worker thread), the GIL released while they run."""
    return spec.plan().run_batch(ids, 1)


def _worker_threads(client: Any) -> int:
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))


def _split(ids: RunIds, parts: int) -> List[RunIds]:
    size = max(1, -(-len(ids) // parts))
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def run_sweep(client: Any, spec: PlanSpec, plan: "_core.SweepPlan",
              on_run: Optional[Callable[[tuple], None]]) -> "_core.SweepTable":
    """Every run of ``plan`` on the cluster in batches (two per worker thread, so a slow
    batch does not hold the rest back); on_run with each run's values as batches come in."""
    from distributed import as_completed

    ids = [(p, r) for p in range(plan.points) for r in range(plan.replications)]
    batches = _split(ids, 2 * _worker_threads(client))
    futures = [client.submit(run_batch, spec, b, pure=False) for b in batches]
    values: list = []
    for _future, batch in as_completed(futures, with_results=True):
        values.extend(batch)
        if on_run is not None:
            for v in batch:
                on_run(v)
    return plan.table(values)


def limit_runner(client: Any, scenario: "_core.Scenario", field: str,
                 allow_large: bool) -> Callable[[List[str], int, int], List[Optional[float]]]:
    """LimitOptions::run_batch for the C++ search: replications [from, to) at the given
    overrides, spread over the workers; the criterion field's value per replication."""

    def run(overrides: List[str], first: int, end: int) -> List[Optional[float]]:
        spec = PlanSpec(scenario.source_yaml, scenario.source_path, (), (), tuple(overrides),
                        end, (field,), allow_large)
        ids = [(0, r) for r in range(first, end)]
        futures = [client.submit(run_batch, spec, b, pure=False)
                   for b in _split(ids, _worker_threads(client))]
        values = [v for batch in client.gather(futures) for v in batch]
        return [v[3][0] for v in values]

    return run
