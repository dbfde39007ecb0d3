"""plegsim: simulate the kubelet's Pod Lifecycle Event Generator from Python.

Run a scenario and look at what a node would go through::

    import plegsim
    sc = plegsim.Scenario.default().with_overrides({"node.pods": 250, "duration": "30m"})
    r = plegsim.run(sc, seed=2)
    r.summary["node_not_ready_seconds"]
    r.relists.plot(x="start_s", y="duration_s")

Drive one PLEG step by step, as the kubelet's own unit tests do: :mod:`plegsim.step`.

Simulations release the GIL, so :func:`run_many` / :func:`sweep` run them on threads;
:func:`sweep` and :func:`limit` also take a Dask ``client=``.

Fit a node to its kubelet's ``/metrics`` scrape and simulate it: :func:`fit`,
:func:`read_scrape` (:mod:`plegsim.fitting`), :func:`observed_vs_simulated`
(:mod:`plegsim.compare`).
"""

from __future__ import annotations

from . import _core
from .errors import BuildError, RunFileError, ScenarioError, ScrapeError
from .compare import observed_vs_simulated
from .fitting import (FitResult, Latency, Scrape, fit, parse_scrape, read_scrape,
                      scrape_difference)
from .result import TABLES, Result, run, run_many
from .sweep import SweepResult, sweep
from .limit import limit
from .result_file import LoadedResult, load_result
from .scenario import Scenario
from .sweep_file import SweepFile, load_sweep
from .summary import summary_field_aliases, summary_fields, summary_value
from . import step

__version__: str = _core.__version__
#: The git revision the extension was built from.
git_revision: str = _core.git_revision

__all__ = [
    "Scenario", "ScenarioError", "BuildError", "RunFileError", "Result", "LoadedResult", "TABLES", "run",
    "run_many", "sweep", "SweepResult", "load_result", "step", "summary_fields", "summary_field_aliases",
    "summary_value", "limit", "__version__",
    "ScrapeError", "Scrape", "Latency", "FitResult", "fit", "read_scrape", "parse_scrape",
    "observed_vs_simulated", "scrape_difference",
]
