"""Fitting a node from its kubelet's ``/metrics`` scrapes, as ``plegsim fit`` does
(docs/fit.md), and comparing a simulation of the fitted node with what was scraped.

::

    scrape = plegsim.read_scrape("node.prom")
    scrape.operations                     # per operation: calls, errors, p50_s, p90_s, p99_s
    f = plegsim.fit(scrape)               # or fit(["a.prom", "b.prom"], pods=[10, 40])
    f.operations                          # operation, method, family, median_s, sigma, ...
    print(f.report)
    sc = f.scenario(node_yaml)            # the node with the fitted runtime: section
    results = plegsim.run_many([(sc, s) for s in range(1, 11)])
    plegsim.observed_vs_simulated(scrape, results)   # plegsim.compare

Bad input raises :class:`plegsim.ScrapeError` with ``file``, ``line`` and ``column``.
(The module is ``fitting``, not ``fit``, so that ``plegsim.fit`` stays the function.)
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import tempfile
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from .scenario import Scenario

PathLike = Union[str, "os.PathLike[str]"]

#: The summary quantiles a pre-1.14 kubelet publishes, and the names of their columns.
QUANTILES = {0.5: "p50_s", 0.9: "p90_s", 0.99: "p99_s"}


@dataclasses.dataclass(frozen=True)
class Latency:
    """One latency series of a scrape, in seconds: a summary's quantiles (NaN ones
    dropped) or a histogram's cumulative buckets, with the ``_sum`` and ``_count``."""

    form: str                               #: "summary" or "histogram"
    family: str                             #: the metric family it came from
    quantiles: Dict[float, float]           #: quantile -> seconds
    buckets: List[Tuple[float, float]]      #: (le seconds, cumulative count), sorted
    sum_s: Optional[float]
    count: Optional[float]

    @property
    def mean_s(self) -> float:
        """``_sum / _count``, NaN without both."""
        if self.sum_s is None or not self.count:
            return math.nan
        return self.sum_s / self.count

    @classmethod
    def _from(cls, d: Optional[dict]) -> Optional["Latency"]:
        if d is None:
            return None
        return cls(form=d["form"], family=d["family"], quantiles=dict(d["quantiles"]),
                   buckets=[tuple(b) for b in d["buckets"]], sum_s=d["sum_s"], count=d["count"])


class Scrape:
    """What a fit reads from one kubelet scrape (the families of docs/fit.md), every time
    in seconds. Get one from :func:`read_scrape` or :func:`parse_scrape`.

    Attributes:
        source: the path or source name.
        ops: operation (``"list_podsandbox"``) -> :class:`Latency`.
        calls, errors: operation -> the counter's value.
        running_pods, running_containers: the gauges, None when absent.
        relist, interval: the PLEG relist duration and interval, None when absent.
        difference: True for :func:`scrape_difference`'s result (counters are what
            happened between two scrapes).
    """

    def __init__(self, core: "_core.KubeletScrape") -> None:
        """Internal: use :func:`read_scrape` or :func:`parse_scrape`."""
        self._core = core
        d = core.to_dict()
        self.source: str = d["source"]
        self.ops: Dict[str, Latency] = {k: Latency._from(v) for k, v in d["ops"].items()}
        self.calls: Dict[str, float] = dict(d["calls"])
        self.errors: Dict[str, float] = dict(d["errors"])
        self.running_pods: Optional[float] = d["running_pods"]
        self.running_containers: Optional[float] = d["running_containers"]
        self.relist: Optional[Latency] = Latency._from(d["relist"])
        self.interval: Optional[Latency] = Latency._from(d["interval"])
        self.difference: bool = d["difference"]

    @property
    def operations(self) -> pd.DataFrame:
        """One row per operation: operation, form, calls, errors, count, sum_s, mean_s and
        the summary quantiles p50_s, p90_s, p99_s (NaN when absent or NaN in the scrape)."""
        rows = []
        for name in sorted(set(self.ops) | set(self.calls)):
            lat = self.ops.get(name)
            row: Dict[str, Any] = {
                "operation": name, "form": lat.form if lat else None,
                "calls": self.calls.get(name, math.nan), "errors": self.errors.get(name, 0.0),
                "count": lat.count if lat and lat.count is not None else math.nan,
                "sum_s": lat.sum_s if lat and lat.sum_s is not None else math.nan,
                "mean_s": lat.mean_s if lat else math.nan}
            for q, col in QUANTILES.items():
                row[col] = lat.quantiles.get(q, math.nan) if lat else math.nan
            rows.append(row)
        cols = ["operation", "form", "calls", "errors", "count", "sum_s", "mean_s",
                *QUANTILES.values()]
        return pd.DataFrame(rows, columns=cols)

    @property
    def quantiles(self) -> pd.DataFrame:
        """Every finite summary quantile, long form: series (an operation, ``"relist"`` or
        ``"relist_interval"``), quantile, value_s."""
        rows = [(name, q, v) for name, lat in self._series() for q, v in
                sorted(lat.quantiles.items())]
        return pd.DataFrame(rows, columns=["series", "quantile", "value_s"])

    @property
    def buckets(self) -> pd.DataFrame:
        """Every histogram bucket, long form: series, le_s, cumulative_count."""
        rows = [(name, le, n) for name, lat in self._series() for le, n in lat.buckets]
        return pd.DataFrame(rows, columns=["series", "le_s", "cumulative_count"])

    def _series(self) -> List[Tuple[str, Latency]]:
        out = sorted(self.ops.items())
        if self.relist is not None:
            out.append(("relist", self.relist))
        if self.interval is not None:
            out.append(("relist_interval", self.interval))
        return out

    def __repr__(self) -> str:
        return (f"<plegsim.Scrape {self.source!r} operations={len(self.ops)} "
                f"running_pods={self.running_pods}>")


def read_scrape(path: PathLike) -> Scrape:
    """Reads a kubelet ``/metrics`` scrape (Prometheus text format: pre-1.14 summaries in
    microseconds or 1.14+ histograms in seconds). Raises :class:`plegsim.ScrapeError`
    naming the file, line and column of bad input, or a scrape with no usable family."""
    return Scrape(_core.read_scrape(os.fspath(path)))


def parse_scrape(text: str, source: str = "<string>") -> Scrape:
    """As :func:`read_scrape`, from text; ``source`` names it in errors."""
    return Scrape(_core.parse_scrape(text, source))


def scrape_difference(earlier: Union[PathLike, Scrape], later: Union[PathLike, Scrape]) -> Scrape:
    """What happened between two scrapes of one kubelet (``plegsim fit --since``):
    counters, buckets and ``_sum``/``_count`` as differences, the later summary
    quantiles, the gauges' mean. Raises :class:`plegsim.ScrapeError` when they cannot be
    one kubelet's (a counter that went down, different bucket bounds, no relist between)."""
    earlier, later = (s if isinstance(s, Scrape) else read_scrape(s) for s in (earlier, later))
    return Scrape(_core.scrape_difference(earlier._core, later._core))


class FitResult:
    """A fitted node. Get one from :func:`fit`.

    Attributes:
        operations: DataFrame, one row per operation: operation (the kubelet's
            ``operation_type``), cri (empty when plegsim does not simulate it), method,
            family (``lognormal`` or ``mixture``), median_s (the body's), sigma (NaN when
            not inferred), tail_probability and tail_factor (the mixture's slow tail; NaN
            for a lognormal), max_error and goodness (what max_error measures), calls
            (observations the fit used), base_s, per_returned_s (NaN without two pod
            counts), source, choice (why this family: each candidate's criterion), note.
        checks: DataFrame of fitted against observed values: operation, at (a quantile, or
            a bucket's le in seconds for histograms), observed, fitted.
        background: DataFrame of the other callers of the lists: cri, calls_per_relist,
            interval_s, every_s, note.
        churn: between two scrapes (``since``): seconds, pod_create_per_hour,
            pod_delete_per_hour, crash_per_container_hour, note; else None.
        not_inferred: what the scrapes could not say, and the option that supplies it.
        pods: the pod count of each scrape (NaN when unknown).
        profile: the runtime profile the fitted values override.
        report: the text ``plegsim fit`` prints.
        runtime_yaml: the scenario fragment it writes (``runtime:``, and ``workload:``
            with ``since``, with comments saying where each number came from).
        scrapes: the :class:`Scrape` objects fitted.
    """

    def __init__(self, d: dict, scrapes: List[Scrape]) -> None:
        """Internal: use :func:`fit`."""
        ops = d["operations"]
        cols = ["operation", "cri", "method", "family", "median_s", "sigma",
                "tail_probability", "tail_factor", "max_error", "goodness", "calls", "base_s",
                "per_returned_s", "source", "choice", "note"]
        self._distributions = {o["operation"]: o["distribution"] for o in ops}
        self.operations = pd.DataFrame([{k: o[k] for k in cols} for o in ops], columns=cols)
        self.checks = pd.DataFrame(
            [(o["operation"], at, obs, fitted) for o in ops for at, obs, fitted in o["checks"]],
            columns=["operation", "at", "observed", "fitted"])
        self.background = pd.DataFrame(
            d["background"], columns=["cri", "calls_per_relist", "interval_s", "every_s", "note"])
        self.churn: Optional[dict] = d["churn"]
        self.not_inferred: List[str] = list(d["not_inferred"])
        self.pods: List[float] = list(d["pods"])
        self.profile: str = d["profile"]
        self.report: str = d["report"]
        self.runtime_yaml: str = d["runtime_yaml"]
        self.scrapes = scrapes

    def cdf(self, operation: str, seconds: Any) -> np.ndarray:
        """The fitted distribution's CDF of ``operation`` (``"list_podsandbox"``) at
        ``seconds`` (a number or an array)."""
        x = np.asarray(seconds, dtype=float)
        return np.asarray(self._distribution(operation).cdf(x.ravel().tolist())).reshape(x.shape)

    def quantile(self, operation: str, q: Any) -> np.ndarray:
        """The fitted distribution's ``q``-quantiles of ``operation``, in seconds."""
        p = np.asarray(q, dtype=float)
        return np.asarray(self._distribution(operation).quantile(p.ravel().tolist())).reshape(
            p.shape)

    def mean_s(self, operation: str) -> float:
        """The fitted distribution's mean of ``operation``, in seconds."""
        return self._distribution(operation).mean()

    def _distribution(self, operation: str) -> "_core.LatencyFit":
        if operation not in self._distributions:
            raise KeyError(f"no fit for {operation!r}; fitted: {', '.join(self._distributions)}")
        return self._distributions[operation]

    def scenario(self, node: Union[Scenario, str, None] = None,
                 source_name: str = "<node with fitted runtime>") -> Scenario:
        """The node ``node`` (a :class:`Scenario`, scenario YAML text, or None for the
        defaults) with the fit over it: its top-level ``runtime:`` section is replaced by
        the fitted one; the fitted ``workload:`` keys (with ``since``) replace those keys
        only, so the node's other workload keys (``startup``, ...) stay. A Scenario's
        source text is used and its overrides are applied last."""
        overrides: Tuple[str, ...] = ()
        if isinstance(node, Scenario):
            text, overrides = node.source_yaml, node.overrides
        else:
            text = node or ""
        fragment = without_top_level_key(self.runtime_yaml, "workload")
        merged = without_top_level_key(text, "runtime").rstrip("\n")
        merged = (merged + "\n" if merged else "") + fragment
        workload = [f"workload.{k}={v}" for k, v in _block_entries(self.runtime_yaml, "workload")]
        return Scenario.from_yaml(merged, source_name, workload + list(overrides))

    def write(self, path: PathLike) -> str:
        """Writes :attr:`runtime_yaml` to ``path`` (as ``plegsim fit -o``): to a
        temporary file beside it, renamed over ``path`` when complete, so a failure leaves
        nothing half-written. Returns the path."""
        path = os.fspath(path)
        fd, tmp = tempfile.mkstemp(prefix=".plegsim-fit-", dir=os.path.dirname(path) or ".")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(self.runtime_yaml)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        return path

    def __repr__(self) -> str:
        return (f"<plegsim.FitResult operations={len(self.operations)} "
                f"not_inferred={len(self.not_inferred)} profile={self.profile!r}>")


def fit(scrapes: Union[PathLike, Scrape, Iterable[Union[PathLike, Scrape]]],
        pods: Union[int, Sequence[int], None] = None,
        profile: Optional[str] = None,
        since: Union[PathLike, Scrape, None] = None) -> FitResult:
    """Fits a node to one or more scrapes (paths or :class:`Scrape` objects), as
    ``plegsim fit``: per operation a lognormal or a body + tail mixture (chosen by
    Akaike's criterion, docs/fit.md), base and perReturned of the lists from scrapes at
    different pod counts, and the background callers from calls per relist.

    ``pods``: the pod count, once for all scrapes or once per scrape (default: each
    scrape's running-pods gauge). ``profile``: the runtime profile the fitted values
    override (None: ``plegsim fit``'s default, ``dockershim``; an unknown one raises
    :class:`plegsim.ScenarioError`). ``since``: an earlier scrape of the same kubelet,
    to fit what happened between the two (:func:`scrape_difference`; rates from counter
    deltas, churn from lifecycle counts); one scrape only. Raises
    :class:`plegsim.ScrapeError` on bad input.
    """
    if isinstance(scrapes, (str, os.PathLike, Scrape)):
        scrapes = [scrapes]
    objs = [s if isinstance(s, Scrape) else read_scrape(s) for s in scrapes]
    if not objs:
        raise ValueError("fit: give at least one scrape")
    if since is not None:
        if len(objs) != 1:
            raise ValueError(f"fit: since takes one later scrape ({len(objs)} given)")
        objs = [scrape_difference(since, objs[0])]
    counts = [] if pods is None else list(pods) if isinstance(pods, (list, tuple)) else [pods]
    for p in counts:
        if isinstance(p, bool) or not isinstance(p, (int, np.integer)) or not 1 <= p <= 100000:
            raise ValueError(f"pods: each count must be an integer in [1, 100000] (got {p!r})")
    d = _core.fit([s._core for s in objs], [float(p) for p in counts], profile)
    return FitResult(d, objs)


_TOP_LEVEL = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def _block_entries(text: str, key: str) -> List[Tuple[str, str]]:
    """(name, value) of the one-line entries ``  name: value`` under the top-level block
    ``key:`` of ``text``, as the fit writes its ``workload:``."""
    out, inside = [], False
    for line in text.splitlines():
        m = _TOP_LEVEL.match(line)
        if m:
            inside = m.group(1) == key
        elif inside:
            entry = re.match(r"^\s+([A-Za-z_]\w*)\s*:\s*(\S.*?)\s*$", line)
            if entry and not line.lstrip().startswith("#"):
                out.append((entry.group(1), entry.group(2)))
    return out


def without_top_level_key(text: str, key: str) -> str:
    """YAML ``text`` without the top-level block ``key:`` (its line and the indented,
    blank or comment lines under it). Block and flow style, as scenario files are written."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        m = _TOP_LEVEL.match(line)
        if m:
            skipping = m.group(1) == key
        elif skipping and line[:1] not in (" ", "\t", "\n", "\r", "#", ""):
            skipping = False  # e.g. "---" or a flow continuation at column 0
        if not skipping:
            out.append(line)
    return "".join(out)
