"""A simulation of a fitted node against the scrape it was fitted to: observed and
simulated quantiles and means, with relative errors, per operation and for the relist
(:func:`observed_vs_simulated`; the fit itself is :mod:`plegsim.fitting`)."""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np
import pandas as pd

from . import _core
from .fitting import Latency, Scrape


def _quantile(values: np.ndarray, q: float) -> float:
    return float(np.quantile(values, q)) if len(values) else math.nan


def observed_vs_simulated(scrape: Scrape, results: Sequence[Any]) -> pd.DataFrame:
    """Observed (``scrape``) against simulated (``results``, replications of the fitted
    node, pooled) for the relist and every operation plegsim simulates.

    A summary's quantiles cover the kubelet's last 10 minutes, so they are compared with
    what the simulation saw after its warm-up (run the node long enough for the warm-up
    to leave 10 minutes); ``_sum / _count`` covers the kubelet's life, so the mean is
    compared with every call or relist of the run. Rows: series (``"relist"`` or an
    operation), cri, statistic (``p50``, ``p90``, ``p99``, ``mean``), observed_s,
    simulated_s, relative_error (simulated / observed - 1), simulated_n. Operations the
    simulation never called have simulated_s NaN. Needs the results' ``cri_calls``
    (``keep_calls``).
    """
    if not results:
        raise ValueError("observed_vs_simulated: give at least one result")
    cri_of = dict(zip(_core.op_metric_names(), _core.op_names()))
    calls = pd.concat([r.cri_calls.assign(after_warmup=lambda c, w=r.scenario.warmup_s:
                                          c["start_s"] >= w) for r in results],
                      ignore_index=True)
    relists = pd.concat([r.relists.assign(after_warmup=lambda t, w=r.scenario.warmup_s:
                                          t["start_s"] >= w) for r in results],
                        ignore_index=True)
    rows = []

    def add(series: str, cri: str, lat: Latency, window: np.ndarray, life: np.ndarray) -> None:
        for q, v in sorted(lat.quantiles.items()):
            rows.append((series, cri, f"p{q * 100:g}", v, _quantile(window, q), len(window)))
        if not math.isnan(lat.mean_s):
            mean = float(life.mean()) if len(life) else math.nan
            rows.append((series, cri, "mean", lat.mean_s, mean, len(life)))

    if scrape.relist is not None:
        add("relist", "", scrape.relist,
            relists.loc[relists["after_warmup"], "duration_s"].to_numpy(),
            relists["duration_s"].to_numpy())
    for name, lat in sorted(scrape.ops.items()):
        cri = cri_of.get(name)
        if cri is None:
            continue
        mine = calls[calls["op"] == cri]
        add(name, cri, lat, mine.loc[mine["after_warmup"], "duration_s"].to_numpy(),
            mine["duration_s"].to_numpy())
    df = pd.DataFrame(rows, columns=["series", "cri", "statistic", "observed_s", "simulated_s",
                                     "simulated_n"])
    df.insert(5, "relative_error", df["simulated_s"] / df["observed_s"] - 1)
    return df

