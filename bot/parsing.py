"""Turning what users type into requests, or a localized refusal."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from analytics.windows import PRESETS, Window
from bot.config import TICKER_RE

MAX_ARGS = 4
MAX_ECHO = 24  # characters of a bad argument quoted back: enough to recognise, never a wall
_DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
MIN_YEAR = 1900


class UsageError(Exception):
    """Bad input: `key` is an i18n message key, `values` fill its placeholders."""

    def __init__(self, key: str, usage: str | None = None, **values):
        super().__init__(key, values)
        self.key = key
        self.usage = usage
        self.values = values


@dataclass(frozen=True)
class GapRequest:
    window: Window
    small: str
    large: str


def echo(arg: str) -> str:
    """A bad argument as quoted back to the user: shortened, never trusted."""
    return arg if len(arg) <= MAX_ECHO else arg[: MAX_ECHO - 1] + "…"


def parse_ticker(arg: str, usage: str) -> str:
    ticker = arg.strip().upper()
    if not TICKER_RE.match(ticker):
        raise UsageError("err_bad_ticker", usage=usage, arg=echo(arg))
    return ticker


def _parse_date(arg: str, today: date, usage: str) -> date:
    try:
        year, month, day = (int(part) for part in arg.split("-"))
        parsed = date(year, month, day)
    except ValueError:
        raise UsageError("err_bad_date", usage=usage, arg=echo(arg)) from None
    if parsed.year < MIN_YEAR:
        raise UsageError("err_bad_date", usage=usage, arg=echo(arg))
    if parsed > today:
        raise UsageError("err_future_date", usage=usage, date=parsed.isoformat())
    return parsed


def parse_gap_args(args: list[str], today: date, small: str, large: str) -> GapRequest:
    """`[WINDOW] [SMALL LARGE]`: WINDOW is a preset, a start date, or start and end dates."""
    usage = "usage_gap"
    if len(args) > MAX_ARGS:
        raise UsageError("err_too_many_arguments", usage=usage)
    preset: str | None = None
    dates: list[date] = []
    tickers: list[str] = []
    for arg in args:
        lowered = arg.lower()
        if lowered in PRESETS and preset is None and not dates and not tickers:
            preset = lowered
        elif _DATE_SHAPE.match(arg) and preset is None and len(dates) < 2 and not tickers:
            dates.append(_parse_date(arg, today, usage))
        elif len(tickers) < 2 and TICKER_RE.match(arg.upper()) and not (
            lowered in PRESETS or _DATE_SHAPE.match(arg)
        ):
            tickers.append(arg.upper())
        elif lowered in PRESETS or _DATE_SHAPE.match(arg) or len(tickers) >= 2:
            raise UsageError("err_bad_argument", usage=usage, arg=echo(arg))
        else:
            raise UsageError("err_bad_ticker", usage=usage, arg=echo(arg))
    if len(tickers) == 1:
        raise UsageError("err_bad_argument", usage=usage, arg=echo(tickers[0]))
    if tickers:
        small, large = tickers
        if small == large:
            raise UsageError("err_same_ticker", usage=usage)
    if len(dates) == 2 and dates[1] <= dates[0]:
        raise UsageError(
            "err_end_before_start", usage=usage, start=dates[0].isoformat(),
            end=dates[1].isoformat(),
        )
    if dates:
        window = Window(start=dates[0], end=dates[1] if len(dates) == 2 else None)
    else:
        window = Window(preset=preset or "1y")
    return GapRequest(window=window, small=small, large=large)
