"""Python's durations are the C++ parser's and formatter's (sim/core/time.h): the same
strings accepted, the same errors, the same Go-style text."""

from __future__ import annotations

import datetime

import pytest

from plegsim._durations import format_ns, to_ns


@pytest.mark.parametrize("text,ns", [("1m30s", 90_000_000_000), ("250ms", 250_000_000),
                                     ("1.5us", 1_500), ("1.5\u00b5s", 1_500), ("2h", 7_200 * 10**9),
                                     ("0", 0), (" 3s ", 3 * 10**9)])
def test_strings_parse_as_in_scenario_files(text, ns):
    assert to_ns(text) == ns


@pytest.mark.parametrize("text,why", [("1d", "a day is 24h"), ("-1s", "negative"),
                                      ("", "empty"), ("5", "missing unit"), ("1x", "unknown unit")])
def test_bad_strings_give_the_command_lines_reason(text, why):
    with pytest.raises(ValueError, match=why):
        to_ns(text)


def test_numbers_and_timedeltas():
    assert to_ns(0.25) == 250_000_000
    assert to_ns(2) == 2 * 10**9
    assert to_ns(datetime.timedelta(milliseconds=3)) == 3_000_000
    with pytest.raises(TypeError):
        to_ns(True)
    with pytest.raises(ValueError, match="int64"):
        to_ns(10**12)


@pytest.mark.parametrize("ns", [1, 999, 1_500, 2_500_000, 10**9, 61 * 10**9 + 5,
                                3_600 * 10**9, 90_061_000_000_001])
def test_format_then_parse_is_the_identity(ns):
    assert to_ns(format_ns(ns)) == ns
    assert format_ns(3_600 * 10**9) == "1h0m0s"
