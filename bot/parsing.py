"""Turning what users type into requests, or a localized refusal."""

from __future__ import annotations

import difflib
import functools
import math
import re
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from rapidfuzz.distance import OSA

from analytics.alerts import MAX_ABS_THRESHOLD, MAX_COOLDOWN, METRICS, OPERATORS, validate_window
from analytics.calls import METRICS as CALL_METRICS
from analytics.events import DEFAULT_DAYS, EVENTS, MAX_DAYS, MIN_DAYS, find_event
from analytics.performance import AnalyticsError, is_yield
from analytics.windows import LOOKBACK_LIMITS, Window, is_preset
from bot.config import TICKER_RE

MAX_ARGS = 4
MAX_ECHO = 24  # characters of a bad argument quoted back: enough to recognise, never a wall
_DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
# Written like a look-back (`0y`, `999y`): refused as a window, never read as a ticker.
_LOOKBACK_SHAPE = re.compile(r"^(\d+)[dwmy]$", re.IGNORECASE)
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


def is_window_code(arg: str, usage: str) -> bool:
    """`ytd`, `max` or an N d/w/m/y look-back; a look-back of impossible size (`0y`,
    `999y`) is refused here, in words, rather than misread as a ticker."""
    if is_preset(arg):
        return True
    shape = _LOOKBACK_SHAPE.match(arg)
    if shape:
        # Digit by digit: int() refuses a text of more than 4,300 digits.
        if not any(int(digit) for digit in shape.group(1)):
            raise UsageError("err_window_zero", usage=usage, arg=echo(arg))
        raise UsageError("err_window_too_long", usage=usage, arg=echo(arg),
                         years=LOOKBACK_LIMITS["y"])
    return False


def parse_gap_args(args: list[str], today: date, small: str, large: str) -> GapRequest:
    """`[WINDOW] [SMALL LARGE]`: WINDOW is a preset, a start date, or start and end dates."""
    return parse_window_pair(args, today, small, large)


def parse_window_pair(args: list[str], today: date, small: str, large: str, *,
                      usage: str = "usage_gap", default: str = "1y") -> GapRequest:
    """The `[WINDOW] [SMALL LARGE]` grammar shared by /gap, /rates, /drawdown and /mix."""
    if len(args) > MAX_ARGS:
        raise UsageError("err_too_many_arguments", usage=usage)
    words = _WindowWords()
    for arg in args:
        words.read(arg, today, usage)
    if words.tickers:
        small, large = _named_pair(words.tickers, usage)
    window = _window(words, today, default, usage)
    return GapRequest(window=window, small=small, large=large)


@dataclass
class _WindowWords:
    """What the words of `[WINDOW] [SMALL LARGE]` said, read in order: a window code or
    one or two dates, then the pair; any word out of that order is refused."""

    preset: str | None = None
    dates: list[date] = field(default_factory=list)
    tickers: list[str] = field(default_factory=list)

    def read(self, arg: str, today: date, usage: str) -> None:
        window_code = is_window_code(arg, usage)
        date_shaped = bool(_DATE_SHAPE.match(arg))
        if window_code and self._window_code_may_come():
            self.preset = arg.lower()
        elif date_shaped and self._date_may_come():
            self.dates.append(_parse_date(arg, today, usage))
        elif window_code or date_shaped or len(self.tickers) >= 2:
            raise UsageError("err_bad_argument", usage=usage, arg=echo(arg))
        elif TICKER_RE.match(arg.upper()):
            self.tickers.append(arg.upper())
        else:
            raise UsageError("err_bad_ticker", usage=usage, arg=echo(arg))

    def _window_code_may_come(self) -> bool:
        return self.preset is None and not self.dates and not self.tickers

    def _date_may_come(self) -> bool:
        return self.preset is None and len(self.dates) < 2 and not self.tickers


def _named_pair(tickers: list[str], usage: str) -> tuple[str, str]:
    """The pair the words named: a lone ticker is half a pair, refused."""
    if len(tickers) == 1:
        raise UsageError("err_bad_argument", usage=usage, arg=echo(tickers[0]))
    return check_pair(tickers, usage)


def _window(words: _WindowWords, today: date, default: str, usage: str) -> Window:
    """The window the words asked for: their dates, their code, or the default code."""
    if words.dates:
        return _dated_window(words.dates, usage)
    code = words.preset or default
    if code == "ytd":
        # This calendar year in New York, even when a series ended last year: the
        # analytics then say there is no data this year rather than answer for last year.
        return Window(preset="ytd", year=today.year)
    return Window(preset=code)


def _dated_window(dates: list[date], usage: str) -> Window:
    """From a start date, to an end date after it if one was given."""
    start, end = dates[0], dates[1] if len(dates) == 2 else None
    if end is not None and end <= start:
        raise UsageError("err_end_before_start", usage=usage, start=start.isoformat(),
                         end=end.isoformat())
    return Window(start=start, end=end)


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
    return bool(re.match(r"^[+-]?\d+(\.\d+)?[%dwmy]?$", arg.lower())) or bool(
        _DATE_SHAPE.match(arg))


@dataclass(frozen=True)
class EventRequest:
    start: date  # the event's pre-event close, or the date asked for
    event_key: str | None  # a named event, or None for a date
    days: int
    small: str
    large: str
    # What the user typed when it was read as the event's name (`covd` for covid), so
    # the answer can say how it was read; None when it was the name itself.
    read_as: str | None = None


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


def _name_and_days(words: list[str]) -> tuple[str, list[str]]:
    """An event's name and its DAYS: DAYS is a last word of at most three digits (1–250),
    so a year stays part of the name (`fed cut 2024`, `2016 대선`)."""
    if len(words) > 1 and words[-1].isdigit() and len(words[-1]) <= 3:
        return " ".join(words[:-1]), words[-1:]
    return " ".join(words), []


def _event_words(args: list[str], small: str, large: str, usage: str
                 ) -> tuple[list[str], str, str]:
    """The words of the date or name (and DAYS), and the pair: the last two words are a
    pair only when what comes before them still names an event or a date, so
    `/event liberation day` and `/event lehman bankruptcy` keep the chat's pair."""
    if not args:
        raise UsageError("usage_event")
    rest, pair_small, pair_large = _trailing_pair(args, small, large, usage)
    if rest and (rest is args or _DATE_SHAPE.match(rest[0])
                 or read_event_name(_name_and_days(rest)[0])[0] is not None):
        return rest, pair_small, pair_large
    return list(args), small, large


def parse_event_args(args: list[str], today: date, small: str, large: str) -> EventRequest:
    """`DATE|NAME [DAYS] [SMALL LARGE]` (the caller lists the events when args are empty)."""
    usage = "usage_event"
    if len(args) > MAX_ARGS:
        raise UsageError("err_too_many_arguments", usage=usage)
    rest, small, large = _event_words(args, small, large, usage)
    read_as = None
    if _DATE_SHAPE.match(rest[0]):
        start, key, tail = _parse_date(rest[0], today, usage), None, rest[1:]
    else:
        typed, tail = _name_and_days(rest)
        event, suggestions = read_event_name(typed)
        if event is None:
            raise _unknown_event(typed, suggestions, usage)
        start, key = event.day, event.key
        if not _is_event_name(typed, event):
            read_as = echo(typed)
    if len(tail) > 1:
        raise UsageError("usage_event")
    days = DEFAULT_DAYS
    if tail:
        if not tail[0].isdigit() or len(tail[0]) > 6:
            raise UsageError("err_bad_days", usage=usage, arg=echo(tail[0]), min=MIN_DAYS,
                             max=MAX_DAYS)
        days = int(tail[0])
        if not MIN_DAYS <= days <= MAX_DAYS:
            raise UsageError("err_bad_days", usage=usage, arg=echo(tail[0]), min=MIN_DAYS,
                             max=MAX_DAYS)
    return EventRequest(start, key, days, small, large, read_as)


# -- event names ---------------------------------------------------------------------------------

# How sure a reading of an event name must be. A name equal to an event's once case,
# spaces and hyphens are ignored scores 1; the start of a name or one of its words 0.9;
# otherwise edit similarity with transpositions (`covd` → covid 0.8, `lehamn` → lehman 0.83,
# `libration` → liberation 0.9); several words typed must all be words of one event.
SURE_EVENT_SCORE = 0.8  # answer for it, saying how the name was read (one slip in 5)
SUGGEST_EVENT_SCORE = 0.65  # below SURE: ask "did you mean …?" (`svc` → svb; not `hello`)
CLEAR_LEAD = 0.1  # a sure reading must beat every other event by this much


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _names(event) -> tuple[str, ...]:
    return (event.key, event.name_en, event.name_ko, *event.aliases)


def _is_event_name(typed: str, event) -> bool:
    """Was it written as one of the event's names (any case, spaces for hyphens)?"""
    try:
        return find_event(typed) == event
    except AnalyticsError:
        return False


def _words(text: str) -> list[str]:
    """A name's words, years apart from the words they are written with (`2016년` → 2016)."""
    spaced = re.sub(r"(\d{4})", r" \1 ", text.lower())
    return [w for w in (_compact(part) for part in re.split(r"[\s\-_/·()]+", spaced)) if w]


def _similarity(typed: str, target: str) -> float:
    """1 for the same text; one slip (a letter wrong, missing, extra or two swapped:
    `covd`, `lehamn`) costs one edit of the longer text's length."""
    return OSA.normalized_similarity(typed, target)


def _name_score(typed: str, name: str) -> float:
    whole = _compact(name)
    if typed == whole:
        return 1.0
    words = _words(name)
    # Two Hangul syllables say as much as three Latin letters (코로 vs cov).
    long_enough = len(typed) >= (2 if re.search("[가-힣]", typed) else 3)
    if long_enough and (whole.startswith(typed) or typed in words):
        return 0.9
    targets = [whole, *(w for w in words if len(w) >= 4)]
    return max(_similarity(typed, target) for target in targets)


def _has_every_word(typed_words: list[str], event) -> bool:
    """Every word typed is (the start of) a word of one of the event's names:
    `2016 대선`, `us election 2024`, `lehman bankruptcy`."""
    names = [_words(n) for n in _names(event)]
    known = {w for words in names for w in words}
    return all(any(k.startswith(w) for k in known) for w in typed_words)


def read_event_name(typed: str) -> tuple[object | None, tuple[str, ...]]:
    """(the event a typed name surely means, or None; the keys of close events to
    suggest). A sure reading is close and unambiguous: `liberationday`, `covd`, `브렉시트`,
    `2016 대선`. `election` could be 2016 or 2024, so it is a question, not an answer."""
    compact = _compact(typed)
    if not compact:
        return None, ()
    typed_words = _words(typed)
    if len(typed_words) > 1:
        matching = [e for e in EVENTS if _has_every_word(typed_words, e)]
        if len(matching) == 1:
            return matching[0], ()
        if len(matching) > 1:
            return None, tuple(e.key for e in matching[:2])
    scored = sorted(((max(_name_score(compact, n) for n in _names(e)), e) for e in EVENTS),
                    key=lambda pair: -pair[0])
    (best, event), (runner_up, _) = scored[0], scored[1]
    if best >= SURE_EVENT_SCORE and best - runner_up >= CLEAR_LEAD:
        return event, ()
    return None, tuple(e.key for score, e in scored[:2] if score >= SUGGEST_EVENT_SCORE)


def _unknown_event(typed: str, suggestions: tuple[str, ...], usage: str) -> UsageError:
    if len(suggestions) == 2:
        return UsageError("err_event_did_you_mean_two", usage=None, arg=echo(typed),
                          first=suggestions[0], second=suggestions[1])
    if suggestions:
        return UsageError("err_event_did_you_mean", usage=None, arg=echo(typed),
                          event=suggestions[0])
    return UsageError("err_unknown_event", usage=usage, arg=echo(typed))


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
    if args and _PCT.match(args[0]) and not is_preset(args[0]):
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


def operator_of(word: str) -> str | None:
    """The rule operator a word writes (`above` → `>`, `↓` → `crosses_below`), or None."""
    op = _OP_ALIASES.get(word.lower(), word.lower())
    return op if op in OPERATORS else None


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
    if not math.isfinite(value) or abs(value) > MAX_ABS_THRESHOLD:
        raise UsageError("err_bad_number", usage=usage, arg=echo(arg))
    return value


def parse_duration(arg: str, usage: str) -> int:
    match = _DURATION.match(arg.lower())
    if not match:
        raise UsageError("err_bad_duration", usage=usage, arg=echo(arg))
    seconds = int(match.group(1)) * _DURATION_UNITS[match.group(2)]
    if seconds > MAX_COOLDOWN.total_seconds():
        raise UsageError("err_bad_duration", usage=usage, arg=echo(arg))
    return seconds


MAX_ALERT_ARGS = 9  # METRIC WINDOW SMALL LARGE OP VALUE once cooldown= band=


def parse_alert_rule(args: list[str]) -> AlertRequest:
    """`METRIC [WINDOW] [SMALL LARGE] OP VALUE [once] [cooldown=2d] [band=1.5]`."""
    # The full usage lists every metric: for `/alert` alone, an unknown metric or a rule
    # cut short. Other refusals end with the one-line usage, so they stay short.
    usage = "usage_alert_line"
    metric = _alert_metric(args, usage)
    window, rest = _alert_window(metric, args[1:], usage)
    pair, rest = _alert_pair(rest, usage)
    op, threshold = _alert_condition(rest, usage)
    if METRICS[metric].unit == "pctl" and not 0 <= threshold <= 100:
        raise UsageError("err_percentile_range", usage=usage, arg=echo(rest[1]))
    once, cooldown_s, band = _alert_options(rest[2:], usage)
    return AlertRequest(metric, window, op, threshold, once, cooldown_s, band, pair)


def _alert_metric(args: list[str], usage: str) -> str:
    """The rule's first word, a metric; the rule's length is checked first."""
    if not args:
        raise UsageError("usage_alert")
    if len(args) > MAX_ALERT_ARGS:
        raise UsageError("err_too_many_arguments", usage=usage)
    metric = args[0].lower()
    if metric not in METRICS:
        raise UsageError("err_unknown_metric", usage="usage_alert", arg=echo(args[0]))
    return metric


def _alert_window(metric: str, rest: list[str], usage: str
                  ) -> tuple[str | None, list[str]]:
    """The window written after the metric (else the metric's default, or None for a
    metric without one), and the words after it."""
    window = None
    if rest and is_window_code(rest[0], usage):
        if METRICS[metric].default_window is None:
            raise UsageError("err_metric_no_window", usage=usage, metric=metric)
        window, rest = rest[0].lower(), rest[1:]
    return validate_window(metric, window), rest


def _alert_pair(rest: list[str], usage: str) -> tuple[tuple[str, str] | None, list[str]]:
    """A `SMALL LARGE` of the rule's own, when two ticker words come before at least an
    operator and a value; else None (the chat's pair)."""
    if len(rest) >= 4 and all(_is_pair_word(word) for word in rest[:2]):
        return check_pair([w.upper() for w in rest[:2]], usage), rest[2:]
    return None, rest


def _alert_condition(rest: list[str], usage: str) -> tuple[str, float]:
    """`OP VALUE`: the operator (or an alias of one) and the threshold."""
    if len(rest) < 2:
        raise UsageError("usage_alert_short", usage="usage_alert")
    op = operator_of(rest[0])
    if op is None:
        raise UsageError("err_bad_operator", usage=usage, arg=echo(rest[0]))
    return op, _number(rest[1], usage)


def _alert_options(options: list[str], usage: str) -> tuple[bool, int, float | None]:
    """(once, cooldown in seconds, band) from `once`, `cooldown=D`, `band=B` in any
    order; a later cooldown or band replaces an earlier one."""
    once, cooldown_s, band = False, 0, None
    for option in options:
        lowered = option.lower()
        if lowered == "once":
            once = True
        elif lowered.startswith("cooldown="):
            cooldown_s = parse_duration(lowered.split("=", 1)[1], usage)
        elif lowered.startswith("band="):
            band = _band(option, usage)
        else:
            raise UsageError("err_bad_argument", usage=usage, arg=echo(option))
    return once, cooldown_s, band


def _band(option: str, usage: str) -> float:
    """A `band=B` option's hysteresis band: a number, not negative."""
    band = _number(option.lower().split("=", 1)[1], usage)
    if band < 0:
        raise UsageError("err_bad_number", usage=usage, arg=echo(option))
    return band


def _is_pair_word(word: str) -> bool:
    """A ticker in a rule, not its operator (CROSSES would match a ticker's shape)."""
    lowered = word.lower()
    return (lowered not in OPERATORS and lowered not in _OP_ALIASES
            and bool(TICKER_RE.match(word.upper())) and not _looks_numeric(word))


def parse_rule_id(args: list[str], usage: str = "usage_alert_line") -> int:
    return _parse_id(args, usage, "err_bad_rule_id")


def parse_call_id(args: list[str], usage: str = "usage_call_line") -> int:
    return _parse_id(args, usage, "err_bad_call_id")


def _parse_id(args: list[str], usage: str, refusal: str) -> int:
    """A rule's or a call's number, `3` or `#3`: one word of at most 12 characters."""
    if len(args) != 1 or not args[0].lstrip("#").isdigit() or len(args[0]) > 12:
        raise UsageError(refusal, usage=usage, arg=echo(" ".join(args)[:40]))
    return int(args[0].lstrip("#"))


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_time_of_day(arg: str, usage: str) -> str:
    match = _TIME.match(arg)
    if not match:
        raise UsageError("err_bad_time", usage=usage, arg=echo(arg))
    return f"{int(match.group(1)):02d}:{match.group(2)}"


# -- time zones ----------------------------------------------------------------------------------

# The IANA areas whose last component names a city (`Asia/Seoul`); the legacy `US/…`,
# `Etc/…` links are reachable by their full name only.
_CITY_AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia",
               "Europe", "Indian", "Pacific")
# Names the IANA database does not have, each meaning one zone only. Abbreviations that
# mean several places (CST: China or Chicago, IST: India, Israel or Ireland) are left out.
ZONE_ALIASES = {
    "kst": "Asia/Seoul", "jst": "Asia/Tokyo", "hkt": "Asia/Hong_Kong",
    "sgt": "Asia/Singapore", "et": "America/New_York", "edt": "America/New_York",
    "pt": "America/Los_Angeles", "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles", "aest": "Australia/Sydney",
    "busan": "Asia/Seoul", "beijing": "Asia/Shanghai", "san francisco": "America/Los_Angeles",
    "frankfurt": "Europe/Berlin", "aedt": "Australia/Sydney",
    # countries with one zone
    "uk": "Europe/London", "britain": "Europe/London", "england": "Europe/London",
    "korea": "Asia/Seoul", "south korea": "Asia/Seoul", "japan": "Asia/Tokyo",
    "singapore time": "Asia/Singapore", "영국": "Europe/London", "싱가폴": "Asia/Singapore",
    # US zones by their names
    "eastern": "America/New_York", "us eastern": "America/New_York",
    "pacific": "America/Los_Angeles", "us pacific": "America/Los_Angeles",
    "central": "America/Chicago", "us central": "America/Chicago",
    "mountain": "America/Denver", "us mountain": "America/Denver",
    "phoenix": "America/Phoenix", "arizona": "America/Phoenix",
    "미국 동부": "America/New_York", "미 동부": "America/New_York", "동부": "America/New_York",
    "미국 서부": "America/Los_Angeles", "미 서부": "America/Los_Angeles",
    "서부": "America/Los_Angeles", "태평양": "America/Los_Angeles", "뉴욕 시간": "America/New_York",
    "서울": "Asia/Seoul", "부산": "Asia/Seoul", "인천": "Asia/Seoul", "대구": "Asia/Seoul",
    "대전": "Asia/Seoul", "광주": "Asia/Seoul", "제주": "Asia/Seoul", "한국": "Asia/Seoul",
    "도쿄": "Asia/Tokyo", "일본": "Asia/Tokyo", "홍콩": "Asia/Hong_Kong",
    "싱가포르": "Asia/Singapore", "상하이": "Asia/Shanghai", "베이징": "Asia/Shanghai",
    "타이베이": "Asia/Taipei", "시드니": "Australia/Sydney", "런던": "Europe/London",
    "파리": "Europe/Paris", "베를린": "Europe/Berlin", "프랑크푸르트": "Europe/Berlin",
    "뉴욕": "America/New_York", "시카고": "America/Chicago",
    "로스앤젤레스": "America/Los_Angeles", "엘에이": "America/Los_Angeles",
    "샌프란시스코": "America/Los_Angeles", "토론토": "America/Toronto",
    "밴쿠버": "America/Vancouver", "호놀룰루": "Pacific/Honolulu", "하와이": "Pacific/Honolulu",
}


@functools.cache
def _zone_names() -> dict[str, str]:
    """Every way a zone may be written, lower-cased, with spaces for underscores: its
    IANA name, its city (`seoul`, `new york`), and the aliases above."""
    names: dict[str, str] = {}
    zones = sorted(available_timezones(), key=lambda z: (z.count("/"), z))
    for zone in zones:
        if zone.split("/", 1)[0] in _CITY_AREAS:
            # Several entries can share a city (America/Indianapolis, America/Indiana/
            # Indianapolis): they are links to one zone, so the first one will do.
            names.setdefault(_zone_key(zone.rsplit("/", 1)[-1]), zone)
    names.update(ZONE_ALIASES)
    # A full Area/City name always wins; a legacy single-word name (`Singapore`, `Japan`)
    # only where no city of that name exists, so `/tz Singapore` is Asia/Singapore.
    names.update({_zone_key(zone): zone for zone in zones if "/" in zone})
    for zone in zones:
        names.setdefault(_zone_key(zone), zone)
    return names


def _zone_key(text: str) -> str:
    return " ".join(text.replace("_", " ").lower().split())


def known_zone(args: list[str]) -> str | None:
    """The IANA zone `args` name exactly (`Seoul`, `서울`, `KST`, `Asia/Seoul`), or None."""
    typed = " ".join(args)
    zone = _zone_names().get(_zone_key(typed)) if 0 < len(typed) <= 64 else None
    if zone is None:
        return None
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return zone


def parse_zone(args: list[str], usage: str = "usage_tz") -> str:
    """`Asia/Seoul`, `Seoul`, `seoul`, `서울`, `New York`, `KST` → an IANA zone name; an
    unknown name is refused with the closest city, if one is close."""
    zone = known_zone(args)
    if zone is not None:
        return zone
    typed = " ".join(args)
    names = _zone_names()
    close = difflib.get_close_matches(_zone_key(typed[:64]), names, n=1, cutoff=0.8)
    if close:
        raise UsageError("err_bad_tz_did_you_mean", usage=usage, arg=echo(typed[:64]),
                         zone=names[close[0]])
    raise UsageError("err_bad_tz", usage=usage, arg=echo(typed[:64]))


# -- calls ---------------------------------------------------------------------------------------

MAX_CALL_ARGS = 9
_CALL_OPS = {">": ">", "<": "<", ">=": ">", "<=": "<", "above": ">", "below": "<",
             "over": ">", "under": "<"}  # on a continuous figure "at least" is "above"
_PROBABILITY = re.compile(r"^(\d{1,2}(?:\.\d)?)%$")


@dataclass(frozen=True)
class CallRequest:
    metric: str
    pair: tuple[str, str] | None
    op: str  # > | <
    threshold: float
    horizon: str | date  # a look-back code (6m, 1y, 30d) read forward, or a date
    probability: float | None  # 0-1


def parse_call(args: list[str], today: date) -> CallRequest:
    """`METRIC [SMALL LARGE] OP VALUE [by] WHEN [PROB%]`, e.g. `gap > 5 by 6m 70%`."""
    usage = "usage_call_line"
    if not args:
        raise UsageError("usage_call")
    if len(args) > MAX_CALL_ARGS:
        raise UsageError("err_too_many_arguments", usage=usage)
    metric = args[0].lower()
    if metric not in CALL_METRICS:
        raise UsageError("err_unknown_call_metric", usage="usage_call", arg=echo(args[0]))
    pair, rest = _call_pair(args[1:], usage)
    if len(rest) < 3:
        raise UsageError("usage_call_short", usage="usage_call")
    op = _CALL_OPS.get(rest[0].lower())
    if op is None:
        raise UsageError("err_call_operator", usage=usage, arg=echo(rest[0]))
    threshold = _number(rest[1], usage)
    if metric == "pe_discount" and not -100 < threshold < 100:
        raise UsageError("err_bad_number", usage=usage, arg=echo(rest[1]))
    rest = rest[2:]
    if rest and rest[0].lower() in ("by", "until", "까지"):
        rest = rest[1:]
    if not rest:
        raise UsageError("err_call_when_missing", usage=usage)
    horizon = _call_horizon(rest[0], today, usage)
    probability = _call_probability(rest[1:], usage)
    return CallRequest(metric, pair, op, threshold, horizon, probability)


def _call_pair(rest: list[str], usage: str) -> tuple[tuple[str, str] | None, list[str]]:
    """A call's own `SMALL LARGE`, when two ticker words come before its condition."""
    if len(rest) >= 4 and rest[0].lower() not in _CALL_OPS and all(
            _is_pair_word(w) for w in rest[:2]):
        return check_pair([w.upper() for w in rest[:2]], usage), rest[2:]
    return None, rest


def _call_horizon(arg: str, today: date, usage: str) -> str | date:
    if _DATE_SHAPE.match(arg):
        day = _parse_date(arg, date.max, usage)  # a future date: checked against the start
        if day <= today:
            raise UsageError("err_call_past", usage=usage, date=day.isoformat())
        return day
    lowered = arg.lower()
    if lowered in ("ytd", "max") or not is_preset(lowered):
        raise UsageError("err_call_bad_when", usage=usage, arg=echo(arg))
    return lowered


def _call_probability(words: list[str], usage: str) -> float | None:
    if not words:
        return None
    if len(words) > 1:
        raise UsageError("err_too_many_arguments", usage=usage)
    match = _PROBABILITY.match(words[0])
    if not match or not 0 < float(match.group(1)) < 100:
        raise UsageError("err_call_probability", usage=usage, arg=echo(words[0]))
    return float(match.group(1)) / 100.0
