"""The pieces tools/validation_rows.py builds its rows from: a Check (one statistic, real
against simulated, with its tolerance and the outcome the row list records), a Row, the
Context that runs and caches simulations, and the statistics helpers. No row lives here.
"""
import math
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import plegsim

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASS, MISS, INFO = "PASS", "MISS", "info"


@dataclass
class Check:
    """One statistic. `real` is a value or a range (lo, hi) (hi may be math.inf: a lower
    bound). PASS when the simulated mean lies in [lo - tol(lo), hi + tol(hi)], where
    tol(x) = rel * |x| + abs_. With span=True the simulated *range* (min to max over all
    samples) must contain the whole real range instead. `expect` is the outcome the row
    list records: a run that gives another outcome fails the check (a known MISS is a
    result, and a fixed one must be written down too). `role`: "validation" (the model was
    not fitted to it), "fitted" (a profile or scenario value was chosen to match it) or
    "info" (a model output reported beside the row, no tolerance)."""
    statistic: str
    real: object
    sims: Sequence[float]
    rel: float = 0.0
    abs_: float = 0.0
    unit: str = ""
    scale: float = 1.0  # display multiplier (e.g. 1e6 for seconds shown in µs)
    digits: int = 3
    expect: str = PASS
    role: str = "validation"
    span: bool = False
    real_text: Optional[str] = None  # how the source states it, when not a plain number

    @property
    def bounds(self) -> Tuple[float, float]:
        if isinstance(self.real, tuple):
            return float(self.real[0]), float(self.real[1])
        return float(self.real), float(self.real)

    @property
    def mean(self) -> float:
        return sum(self.sims) / len(self.sims)

    @property
    def two_se(self) -> float:
        n = len(self.sims)
        if n < 2:
            return 0.0
        m = self.mean
        return 2 * math.sqrt(sum((x - m) ** 2 for x in self.sims) / (n - 1) / n)

    def _slack(self, x: float) -> float:
        return self.rel * abs(x) + self.abs_ if math.isfinite(x) else 0.0

    @property
    def outcome(self) -> str:
        if self.role == INFO:
            return INFO
        lo, hi = self.bounds
        if self.span:
            ok = min(self.sims) <= lo + self._slack(lo) and max(self.sims) >= hi - self._slack(hi)
        else:
            ok = lo - self._slack(lo) <= self.mean <= hi + self._slack(hi)
        return PASS if ok else MISS

    @property
    def decisive(self) -> bool:
        """Whether mean ± 2 SE lies wholly inside or wholly outside the tolerance band: a
        run with few replications decides only such checks (the short version)."""
        if self.span or self.role == INFO:
            return True
        lo, hi = self.bounds
        a, b = lo - self._slack(lo), hi + self._slack(hi)
        m, e = self.mean, self.two_se
        return (a <= m - e and m + e <= b) or m + e < a or m - e > b

    @property
    def relative_error(self) -> Optional[float]:
        """Simulated mean against the nearest end of the real range; 0 inside it."""
        lo, hi = self.bounds
        m = self.mean
        if self.span or self.role == INFO:
            return None
        if m < lo:
            return m / lo - 1 if lo else None
        if m > hi:
            return m / hi - 1 if math.isfinite(hi) and hi else None
        return 0.0


@dataclass
class Row:
    """One row of ../shared/data/realworld.md (or one of its §2 notes) as validated."""
    ident: str
    title: str
    data: str  # what the source reports, cited
    scenario: str
    configured: str
    checks: List[Check] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)  # tolerance reasons, caveats


class Context:
    """Runs scenarios over seeds 1..reps on two threads and caches the results, so rows
    that share a scenario (M2 and §2.1) share its runs. `long` selects the replications
    the rows ask for in the long version."""

    def __init__(self, long: bool):
        self.long = long
        self._cache: Dict[tuple, list] = {}

    def reps(self, short: int, long: int) -> int:
        return long if self.long else short

    def runs(self, scenario: str, reps: int, overrides: Optional[Dict[str, str]] = None,
             keep_calls: bool = False) -> list:
        key = (scenario, tuple(sorted((overrides or {}).items())), reps, keep_calls)
        if key not in self._cache:
            sc = plegsim.Scenario.load(os.path.join(ROOT, scenario))
            if overrides:
                sc = sc.with_overrides(overrides)
            self._cache[key] = plegsim.run_many(
                [(sc, 1 + r) for r in range(reps)], workers=2, keep_calls=keep_calls,
                keep_events=False, keep_changes=False)
        return self._cache[key]


def quantile(values: Sequence[float], q: float) -> float:
    """Nearest rank, as the kubelet's summaries report (and tests/calibration)."""
    xs = np.asarray(values, dtype=float)
    rank = min(max(math.ceil(q * len(xs)), 1), len(xs))
    return float(np.partition(xs, rank - 1)[rank - 1])


def measured(result) -> "object":
    """The relists that finished after the warm-up (docs/output.md's window)."""
    d = result.relists
    return d[d.end_s >= result.scenario.warmup_s]


def calls_of(result, op: str):
    """Durations (s) of `op`'s calls that returned after the warm-up (needs keep_calls)."""
    c = result.cri_calls
    c = c[(c.op == op) & (c.end_s >= result.scenario.warmup_s)]
    return c.duration_s.to_numpy()


def per_relist(result, op: str) -> float:
    s = result.summary
    return s["cri_calls"].get(op, 0) / s["relists"]


def poisson_range(count: float) -> Tuple[float, float]:
    """Exact (Garwood) 95 % interval of a Poisson mean given one observed count."""
    from scipy.stats import chi2
    lo = 0.0 if count == 0 else chi2.ppf(0.025, 2 * count) / 2
    return lo, chi2.ppf(0.975, 2 * count + 2) / 2


def binomial_range(k: int, n: int) -> Tuple[float, float]:
    """Exact (Clopper-Pearson) 95 % interval of a proportion k / n."""
    from scipy.stats import beta
    lo = 0.0 if k == 0 else beta.ppf(0.025, k, n - k + 1)
    hi = 1.0 if k == n else beta.ppf(0.975, k + 1, n - k)
    return lo, hi


def read_prom_counts(path: str) -> Dict[str, float]:
    """Sample values of a Prometheus text scrape by their full series text (no parsing of
    labels: enough to read a few counters the rows cite)."""
    out = {}
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, _, value = line.rstrip("\n").rpartition(" ")
            out[name] = float(value)
    return out
