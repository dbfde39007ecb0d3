"""plegsim.limit: the largest value of one axis at which a criterion holds
(docs/limit.md). The search is the C++ one `plegsim limit` runs: same seeds, same
batches, same result; only ``wall_seconds`` is left out (0)."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Optional, Sequence, Union

from . import _core
from .scenario import Scenario

PathLike = Union[str, "os.PathLike[str]"]


def limit(scenario: Union[Scenario, PathLike, None] = None, *, axis: str, criterion: str,
          set: Sequence[str] = (), confidence: float = 0.95, width: Optional[float] = None,
          replications: int = 64, threads: Optional[int] = None,
          allow_large: bool = False) -> Dict[str, Any]:
    """Bisects ``axis`` (``"node.pods=10..500"``; ``"10..500"`` is node.pods) for the
    largest value where ``criterion`` (``"node_not_ready_share < 0.001"``,
    ``"P(pleg_unhealthy_transitions > 0) < 0.01"``) holds at ``confidence``, with at most
    ``replications`` runs per value, on ``threads`` threads (default: the cores; the
    result does not depend on it). ``set`` holds ``path=value`` overrides.

    Returns the dict of ``plegsim limit --json``: ``limit``, ``interval``, ``censored``
    (``"none"``, ``"below"``, ``"above"``), ``runs`` and ``probes``. Raises ValueError on
    a criterion or axis that does not parse, :class:`plegsim.ScenarioError` on a value
    the scenario refuses. The GIL is released while the runs go.
    """
    if scenario is None:
        scenario = Scenario.default()
    elif not isinstance(scenario, Scenario):
        scenario = Scenario.load(scenario)
    n = threads if threads is not None else (os.cpu_count() or 1)
    text = _core.limit(scenario._s, axis, criterion, list(set), confidence, width,
                       replications, n, allow_large)
    return json.loads(text)
