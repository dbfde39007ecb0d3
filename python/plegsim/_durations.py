"""Durations as plegsim reads them: Go/Kubernetes strings ("1m30s", "250ms"),
numbers of seconds, or datetime.timedelta; converted to integer nanoseconds."""

from __future__ import annotations

import datetime
import re
from fractions import Fraction
from typing import Union

DurationLike = Union[str, int, float, datetime.timedelta]

_UNIT_NS = {"ns": 1, "us": 1_000, "\u00b5s": 1_000, "\u03bcs": 1_000, "ms": 1_000_000,
            "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000}
_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)")


_NS_MIN, _NS_MAX = -(2**63), 2**63 - 1


def to_ns(d: DurationLike) -> int:
    """Integer nanoseconds of ``d``: a duration string, seconds, or a timedelta; a
    ValueError beyond int64 nanoseconds (about 292 years), where C++ cannot follow.

    >>> to_ns("1m30s"), to_ns(0.25), to_ns(datetime.timedelta(milliseconds=3))
    (90000000000, 250000000, 3000000)
    """
    ns = _to_ns(d)
    if not _NS_MIN <= ns <= _NS_MAX:
        raise ValueError(f"duration {d!r} is beyond int64 nanoseconds (about 292 years)")
    return ns


def _to_ns(d: DurationLike) -> int:
    if isinstance(d, datetime.timedelta):
        return (d.days * 86_400 + d.seconds) * 1_000_000_000 + d.microseconds * 1_000
    if isinstance(d, bool):
        raise TypeError("a duration cannot be a bool")
    if isinstance(d, int):
        return d * 1_000_000_000
    if isinstance(d, float):
        return round(Fraction(d) * 1_000_000_000)
    if isinstance(d, str):
        text = d.strip()
        if text == "0":
            return 0
        pos, total = 0, Fraction(0)
        for m in _PART.finditer(text):
            if m.start() != pos:
                break
            total += Fraction(m.group(1)) * _UNIT_NS[m.group(2)]
            pos = m.end()
        if pos != len(text) or not text:
            raise ValueError(f'invalid duration "{d}" (expected e.g. "250ms", "1m30s", "2h")')
        return round(total)
    raise TypeError(f"expected a duration string, seconds or timedelta, got {type(d).__name__}")


def format_ns(ns: int) -> str:
    """A Go-style duration string for ``ns`` ("1h0m0s", "1.5s", "250ms", "0s")."""
    if ns == 0:
        return "0s"
    sign, ns = ("-", -ns) if ns < 0 else ("", ns)
    if ns < 1_000:
        return f"{sign}{ns}ns"
    if ns < 1_000_000:
        return f"{sign}{_trim(Fraction(ns, 1_000))}us"
    if ns < 1_000_000_000:
        return f"{sign}{_trim(Fraction(ns, 1_000_000))}ms"
    h, rest = divmod(ns, 3_600_000_000_000)
    m, rest = divmod(rest, 60_000_000_000)
    s = _trim(Fraction(rest, 1_000_000_000))
    if h:
        return f"{sign}{h}h{m}m{s}s"
    if m:
        return f"{sign}{m}m{s}s"
    return f"{sign}{s}s"


def _trim(x: Fraction) -> str:
    whole, frac = divmod(x.numerator, x.denominator)
    if frac == 0:
        return str(whole)
    # Nanosecond inputs: the denominator divides 10**9, so 9 digits are exact.
    digits = str(frac * 10**9 // x.denominator).rjust(9, "0").rstrip("0")
    return f"{whole}.{digits}"
