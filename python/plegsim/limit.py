"""plegsim.limit: the largest value of one axis at which a criterion holds
(docs/limit.md). The search is the C++ one `plegsim limit` runs: same seeds, same
batches, same result; only ``wall_seconds`` is left out (0). With ``client=`` each batch
of replications runs on a Dask cluster instead (:mod:`plegsim._distributed`); the
search, and so its result, stays the same."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Optional, Sequence, Union

from . import _core
from .scenario import Scenario
from .sweep import _scenario

PathLike = Union[str, "os.PathLike[str]"]


def limit(scenario: Union[Scenario, PathLike, None] = None, *, axis: str, criterion: str,
          set: Sequence[str] = (), by: Sequence[str] = (), confidence: float = 0.95,
          width: Optional[float] = None, replications: int = 64,
          duration: Optional[str] = None, kubelet_config: Optional[PathLike] = None,
          threads: Optional[int] = None, client: Any = None,
          allow_large: bool = False) -> Dict[str, Any]:
    """Bisects ``axis`` (``"node.pods=10..500"``; ``"10..500"`` is node.pods) for the
    largest value where ``criterion`` (``"node_not_ready_share < 0.001"``,
    ``"P(pleg_unhealthy_transitions > 0) < 0.01"``) holds at ``confidence``, with at most
    ``replications`` runs per value, on ``threads`` threads (default: the cores; the
    result does not depend on it). ``set`` holds ``path=value`` overrides; ``duration``
    is ``set=["duration=..."]``; ``kubelet_config`` a KubeletConfiguration file (as
    ``plegsim limit --kubelet-config``). ``client``: a ``distributed.Client`` whose
    workers run the replications (same result).

    Returns the dict of ``plegsim limit --json``: ``limit``, ``interval``, ``censored``
    (``"none"``, ``"below"``, ``"above"``), ``runs`` and ``probes``. With ``by``
    (``["kubelet.version=1.27,1.29", "runtime.profile=containerd,crio"]``: one search per
    combination, as ``--by``) the table ``plegsim limit --by --json`` prints: ``by``
    (paths), ``rows`` (each ``{"by": {path: value}, "result": <the dict above>}``) and
    ``runs``. Raises ValueError on a criterion or axis that does not parse,
    :class:`plegsim.ScenarioError` on a value the scenario refuses. The GIL is released
    while the runs go; Ctrl-C stops the search after the batch under way and raises
    KeyboardInterrupt.
    """
    sc = _scenario(scenario, kubelet_config)
    overrides = list(sc.overrides) + list(set)
    if duration is not None:
        overrides.append(f"duration={duration}")
    n = threads if threads is not None else (os.cpu_count() or 1)
    runner = None
    if client is not None:
        from . import _distributed

        field = _core.parse_criterion_field(criterion)
        runner = _distributed.limit_runner(client, sc._s, field, allow_large)
    text = _core.limit(sc._s, axis, criterion, overrides, confidence, width, replications, n,
                       allow_large, list(by), runner)
    return json.loads(text)
