"""Turning what users type into requests, or a localized refusal."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from analytics.performance import is_yield
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
    return parse_window_pair(args, today, small, large)


def parse_window_pair(args: list[str], today: date, small: str, large: str, *,
                      usage: str = "usage_gap", default: str = "1y") -> GapRequest:
    """The `[WINDOW] [SMALL LARGE]` grammar shared by /gap, /rates, /drawdown and /mix."""
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
        small, large = check_pair(tickers, usage)
    if len(dates) == 2 and dates[1] <= dates[0]:
        raise UsageError(
            "err_end_before_start", usage=usage, start=dates[0].isoformat(),
            end=dates[1].isoformat(),
        )
    if dates:
        window = Window(start=dates[0], end=dates[1] if len(dates) == 2 else None)
    else:
        window = Window(preset=preset or default)
    return GapRequest(window=window, small=small, large=large)


def check_pair(tickers: list[str], usage: str) -> tuple[str, str]:
    """Two different tickers, neither a yield."""
    small, large = tickers
    if small == large:
        raise UsageError("err_same_ticker", usage=usage)
    for ticker in tickers:
        if is_yield(ticker):
            raise UsageError("err_yield_not_price", ticker=ticker)
    return small, large


def _trailing_pair(args: list[str], small: str, large: str, usage: str
                   ) -> tuple[list[str], str, str]:
    """Split an optional `SMALL LARGE` off the end of the arguments."""
    if len(args) >= 2 and all(TICKER_RE.match(a.upper()) and not _looks_numeric(a)
                              for a in args[-2:]):
        small, large = check_pair([a.upper() for a in args[-2:]], usage)
        return args[:-2], small, large
    return args, small, large


def _looks_numeric(arg: str) -> bool:
    return bool(re.match(r"^[+-]?\d+(\.\d+)?[%y]?$", arg.lower())) or bool(
        _DATE_SHAPE.match(arg))


@dataclass(frozen=True)
class EventRequest:
    start: date  # the event's pre-event close, or the date asked for
    event_key: str | None  # a named event, or None for a date
    days: int
    small: str
    large: str


@dataclass(frozen=True)
class OddsRequest:
    years: int
    small: str
    large: str


@dataclass(frozen=True)
class MixRequest:
    pct: float
    window: Window
    small: str
    large: str


def parse_event_args(args: list[str], today: date, small: str, large: str) -> EventRequest:
    """`DATE|NAME [DAYS] [SMALL LARGE]` (the caller lists the events when args are empty)."""
    from analytics.events import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS, find_event

    usage = "usage_event"
    if len(args) > MAX_ARGS:
        raise UsageError("err_too_many_arguments", usage=usage)
    rest, small, large = _trailing_pair(args, small, large, usage)
    if not rest or len(rest) > 2:
        raise UsageError("usage_event")
    first = rest[0]
    if _DATE_SHAPE.match(first):
        start, key = _parse_date(first, today, usage), None
    else:
        from analytics.performance import AnalyticsError

        try:
            event = find_event(first)
        except AnalyticsError:
            raise UsageError("err_unknown_event", usage=usage, arg=echo(first)) from None
        start, key = event.day, event.key
    days = DEFAULT_DAYS
    if len(rest) == 2:
        if not rest[1].isdigit() or len(rest[1]) > 6:
            raise UsageError("err_bad_days", usage=usage, arg=echo(rest[1]), min=MIN_DAYS,
                             max=MAX_DAYS)
        days = int(rest[1])
        if not MIN_DAYS <= days <= MAX_DAYS:
            raise UsageError("err_bad_days", usage=usage, arg=echo(rest[1]), min=MIN_DAYS,
                             max=MAX_DAYS)
    return EventRequest(start, key, days, small, large)


_YEARS = re.compile(r"^(\d{1,3})y?$")
MAX_ODDS_YEARS = 30


def parse_odds_args(args: list[str], small: str, large: str) -> OddsRequest:
    """`[YEARS]y [SMALL LARGE]`, default 5y."""
    usage = "usage_odds"
    if len(args) > 3:
        raise UsageError("err_too_many_arguments", usage=usage)
    rest, small, large = _trailing_pair(args, small, large, usage)
    years = 5
    if len(rest) > 1:
        raise UsageError("err_bad_argument", usage=usage, arg=echo(rest[1]))
    if rest:
        match = _YEARS.match(rest[0].lower())
        if not match or not 1 <= int(match.group(1)) <= MAX_ODDS_YEARS:
            raise UsageError("err_bad_years", usage=usage, arg=echo(rest[0]),
                             max=MAX_ODDS_YEARS)
        years = int(match.group(1))
    return OddsRequest(years, small, large)


_PCT = re.compile(r"^[+-]?\d{1,4}(\.\d{1,2})?%?$")


def parse_mix_args(args: list[str], today: date, small: str, large: str) -> MixRequest:
    """`[PCT] [WINDOW] [SMALL LARGE]`: PCT% small caps (default 20), window default 10y."""
    usage = "usage_mix"
    if len(args) > MAX_ARGS + 1:
        raise UsageError("err_too_many_arguments", usage=usage)
    pct = 20.0
    if args and _PCT.match(args[0]) and args[0].lower() not in PRESETS:
        pct = float(args[0].rstrip("%"))
        if not 0 <= pct <= 100:
            raise UsageError("err_bad_pct", usage=usage, arg=echo(args[0]))
        args = args[1:]
    request = parse_window_pair(args, today, small, large, usage=usage, default="10y")
    return MixRequest(pct, request.window, request.small, request.large)


# -- /alert ------------------------------------------------------------------------------------

_DURATION = re.compile(r"^(\d{1,4})([mhdw])$")
_DURATION_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_OP_ALIASES = {"=>": ">=", "=<": "<=", "↑": "crosses_above", "↓": "crosses_below",
               "above": ">", "below": "<"}


@dataclass(frozen=True)
class AlertRequest:
    metric: str
    window: str | None
    op: str
    threshold: float
    once: bool
    cooldown_s: int
    band: float | None  # hysteresis override; None = the metric's default
    pair: tuple[str, str] | None = None  # named in the rule; None: the chat's pair


def _number(arg: str, usage: str) -> float:
    text = arg.rstrip("%").replace("−", "-").replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise UsageError("err_bad_number", usage=usage, arg=echo(arg)) from None
    from analytics.alerts import MAX_ABS_THRESHOLD

    if not math.isfinite(value) or abs(value) > MAX_ABS_THRESHOLD:
        raise UsageError("err_bad_number", usage=usage, arg=echo(arg))
    return value


def parse_duration(arg: str, usage: str) -> int:
    match = _DURATION.match(arg.lower())
    if not match:
        raise UsageError("err_bad_duration", usage=usage, arg=echo(arg))
    seconds = int(match.group(1)) * _DURATION_UNITS[match.group(2)]
    if seconds > 365 * 86400:
        raise UsageError("err_bad_duration", usage=usage, arg=echo(arg))
    return seconds


def parse_alert_rule(args: list[str]) -> AlertRequest:
    """`METRIC [WINDOW] [SMALL LARGE] OP VALUE [once] [cooldown=2d] [band=1.5]`."""
    from analytics.alerts import METRICS, OPERATORS

    usage = "usage_alert"
    if not args:
        raise UsageError("usage_alert_short", usage=usage)
    if len(args) > 9:
        raise UsageError("err_too_many_arguments", usage=usage)
    metric = args[0].lower()
    if metric not in METRICS:
        raise UsageError("err_unknown_metric", usage=usage, arg=echo(args[0]),
                         metrics=", ".join(METRICS))
    rest = args[1:]
    window = None
    if rest and rest[0].lower() in PRESETS:
        if METRICS[metric].default_window is None:
            raise UsageError("err_metric_no_window", usage=usage, metric=metric)
        window = rest[0].lower()
        rest = rest[1:]
    if METRICS[metric].default_window is not None:
        window = window or METRICS[metric].default_window
    pair = None
    if len(rest) >= 4 and all(_is_pair_word(word) for word in rest[:2]):
        pair = check_pair([w.upper() for w in rest[:2]], usage)
        rest = rest[2:]
    if len(rest) < 2:
        raise UsageError("usage_alert_short", usage=usage)
    op = _OP_ALIASES.get(rest[0].lower(), rest[0].lower())
    if op not in OPERATORS:
        raise UsageError("err_bad_operator", usage=usage, arg=echo(rest[0]))
    threshold = _number(rest[1], usage)
    once, cooldown_s, band = False, 0, None
    for option in rest[2:]:
        lowered = option.lower()
        if lowered == "once":
            once = True
        elif lowered.startswith("cooldown="):
            cooldown_s = parse_duration(lowered.split("=", 1)[1], usage)
        elif lowered.startswith("band="):
            band = _number(lowered.split("=", 1)[1], usage)
            if band < 0:
                raise UsageError("err_bad_number", usage=usage, arg=echo(option))
        else:
            raise UsageError("err_bad_argument", usage=usage, arg=echo(option))
    return AlertRequest(metric, window, op, threshold, once, cooldown_s, band, pair)


def _is_pair_word(word: str) -> bool:
    """A ticker in a rule, not its operator (CROSSES would match a ticker's shape)."""
    from analytics.alerts import OPERATORS

    lowered = word.lower()
    return (lowered not in OPERATORS and lowered not in _OP_ALIASES
            and bool(TICKER_RE.match(word.upper())) and not _looks_numeric(word))


def parse_rule_id(args: list[str], usage: str = "usage_alert") -> int:
    if len(args) != 1 or not args[0].lstrip("#").isdigit() or len(args[0]) > 12:
        raise UsageError("err_bad_rule_id", usage=usage, arg=echo(" ".join(args)[:40]))
    return int(args[0].lstrip("#"))


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_time_of_day(arg: str, usage: str) -> str:
    match = _TIME.match(arg)
    if not match:
        raise UsageError("err_bad_time", usage=usage, arg=echo(arg))
    return f"{int(match.group(1)):02d}:{match.group(2)}"
