"""What users type into /gap, and the refusals they get."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.windows import Window
from bot.parsing import MAX_ECHO, UsageError, parse_gap_args

TODAY = date(2025, 11, 3)


def parse(text: str):
    return parse_gap_args(text.split(), TODAY, "VTWO", "SPY")


@pytest.mark.parametrize(
    ("text", "window", "pair"),
    [
        ("", Window("1y"), ("VTWO", "SPY")),
        ("3M", Window("3m"), ("VTWO", "SPY")),
        ("ytd iwm spy", Window("ytd"), ("IWM", "SPY")),
        ("5y ^RUT ^GSPC", Window("5y"), ("^RUT", "^GSPC")),
        ("2023-01-01", Window(start=date(2023, 1, 1)), ("VTWO", "SPY")),
        ("2023-01-01 2025-10-15", Window(start=date(2023, 1, 1), end=date(2025, 10, 15)),
         ("VTWO", "SPY")),
        ("2023-1-5 IWM SPY", Window(start=date(2023, 1, 5)), ("IWM", "SPY")),
        ("IWM SPY", Window("1y"), ("IWM", "SPY")),
    ],
)
def test_accepted_forms(text, window, pair):
    request = parse(text)
    assert request.window == window
    assert (request.small, request.large) == pair


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2030-01-01", "err_future_date"),
        ("2025-02-30", "err_bad_date"),
        ("1066-10-14", "err_bad_date"),
        ("2025-10-15 2023-01-01", "err_end_before_start"),
        ("2025-10-15 2025-10-15", "err_end_before_start"),
        ("1y 3y", "err_bad_argument"),
        ("1y SPY", "err_bad_argument"),
        ("SPY SPY", "err_same_ticker"),
        ("<b>bold</b>", "err_bad_ticker"),
        ("📉", "err_bad_ticker"),
        ("1y IWM SPY QQQ DIA", "err_too_many_arguments"),
        ("1y IWM SPY QQQ", "err_bad_argument"),
        ("'; DROP TABLE prices; --", "err_too_many_arguments"),
        ("x" * 5000, "err_bad_ticker"),
    ],
)
def test_refusals(text, key):
    with pytest.raises(UsageError) as refused:
        parse(text)
    assert refused.value.key == key
    assert refused.value.usage == "usage_gap"
    for value in refused.value.values.values():
        assert len(str(value)) <= MAX_ECHO  # a 5,000-character argument is not echoed whole
