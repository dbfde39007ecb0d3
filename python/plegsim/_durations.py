"""Durations as plegsim reads them: Go/Kubernetes strings ("1m30s", "250ms"),
numbers of seconds, or datetime.timedelta; converted to integer nanoseconds. Strings
go through the C++ parser and formatter (sim/core/time.h), the one duration syntax of
scenario files, the command line and Python alike."""

from __future__ import annotations

import datetime
from fractions import Fraction
from typing import Union

from . import _core

DurationLike = Union[str, int, float, datetime.timedelta]

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
        return int(_core.parse_duration_ns(d.strip()))
    raise TypeError(f"expected a duration string, seconds or timedelta, got {type(d).__name__}")


def format_ns(ns: int) -> str:
    """A Go-style duration string for ``ns`` ("1h0m0s", "1.5s", "250ms", "0s")."""
    return str(_core.format_duration_ns(int(ns)))
