"""The `[WINDOW] [SMALL LARGE]` grammar and the `/alert` rule grammar, as tables.

Each row is one case of the specification: what a user types (split on whitespace, as
Telegram and the console split it) and exactly what it parses to, or exactly which
refusal it gets. Rows marked "pinned" record today's behaviour where it is surprising;
they are there so a change to it is a decision, not an accident.

Below the tables, property tests: whatever text arrives, both parsers answer with a
request or a `UsageError`, never another exception; what they accept is sane; and a
request written back as command words parses to the same request.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.alerts import MAX_ABS_THRESHOLD, METRICS, OPERATORS, validate_window
from analytics.performance import is_yield
from analytics.windows import LOOKBACK_LIMITS, Window, is_preset
from bot.answers.gap import window_words
from bot.config import TICKER_RE
from bot.parsing import (
    MAX_ECHO,
    MIN_YEAR,
    AlertRequest,
    GapRequest,
    UsageError,
    parse_alert_rule,
    parse_window_pair,
)

TODAY = date(2025, 11, 3)
CHAT = ("VTWO", "SPY")  # the chat's pair, used when the words name none
LONG = "x" * 5000
ECHOED_LONG = "x" * (MAX_ECHO - 1) + "…"
HUGE_LOOKBACK = "1" * 5000 + "y"  # more digits than int() reads from text (4300)
DAY = 86400


def window_pair(text: str) -> GapRequest:
    return parse_window_pair(text.split(), TODAY, *CHAT)


def ask(window: Window, small: str = CHAT[0], large: str = CHAT[1]) -> GapRequest:
    return GapRequest(window=window, small=small, large=large)


def rule(metric: str, window: str | None, op: str, threshold: float, *, once: bool = False,
         cooldown_s: int = 0, band: float | None = None,
         pair: tuple[str, str] | None = None) -> AlertRequest:
    return AlertRequest(metric, window, op, threshold, once, cooldown_s, band, pair)


def refusal(call) -> tuple[str, str | None, dict]:
    with pytest.raises(UsageError) as refused:
        call()
    return refused.value.key, refused.value.usage, refused.value.values


# -- [WINDOW] [SMALL LARGE] -----------------------------------------------------------------------

WINDOW_ACCEPTED = [
    # no words: the default window over the chat's pair
    ("", ask(Window("1y"))),
    # look-backs: any N days, weeks, months or years, in either case
    ("1y", ask(Window("1y"))),
    ("1Y", ask(Window("1y"))),
    ("6m", ask(Window("6m"))),
    ("30d", ask(Window("30d"))),
    ("2w", ask(Window("2w"))),
    ("1d", ask(Window("1d"))),
    ("18m", ask(Window("18m"))),
    ("130y", ask(Window("130y"))),  # the longest look-back in years
    ("1600m", ask(Window("1600m"))),
    ("7000w", ask(Window("7000w"))),
    ("9999d", ask(Window("9999d"))),  # pinned: the longest in days (see 10000d below)
    ("01y", ask(Window("01y"))),  # pinned: a leading zero is kept, not normalised to 1y
    ("٣y", ask(Window("٣y"))),  # pinned: Arabic-Indic digits count as digits
    # ytd is this calendar year (of today's New York date); max is all history
    ("ytd", ask(Window("ytd", year=2025))),
    ("YTD", ask(Window("ytd", year=2025))),
    ("max", ask(Window("max"))),
    ("MAX", ask(Window("max"))),
    # a start date, or a start and an end date; up to today, from 1900
    ("2023-01-01", ask(Window(start=date(2023, 1, 1)))),
    ("2023-1-5", ask(Window(start=date(2023, 1, 5)))),
    ("2024-02-29", ask(Window(start=date(2024, 2, 29)))),  # a leap day
    ("1900-01-01", ask(Window(start=date(1900, 1, 1)))),
    ("2025-11-03", ask(Window(start=date(2025, 11, 3)))),  # today
    ("2023-01-01 2025-11-03", ask(Window(start=date(2023, 1, 1), end=date(2025, 11, 3)))),
    ("2025-11-02 2025-11-03", ask(Window(start=date(2025, 11, 2), end=date(2025, 11, 3)))),
    ("٢٠٢٣-٠١-٠١", ask(Window(start=date(2023, 1, 1)))),  # pinned: Arabic-Indic digits
    # a pair, after the window, in any case
    ("IWM SPY", ask(Window("1y"), "IWM", "SPY")),
    ("iwm spy", ask(Window("1y"), "IWM", "SPY")),
    ("ytd iwm spy", ask(Window("ytd", year=2025), "IWM", "SPY")),
    ("5y ^RUT ^GSPC", ask(Window("5y"), "^RUT", "^GSPC")),
    ("2023-01-01 IWM SPY", ask(Window(start=date(2023, 1, 1)), "IWM", "SPY")),
    ("2023-01-01 2024-01-01 IWM SPY",
     ask(Window(start=date(2023, 1, 1), end=date(2024, 1, 1)), "IWM", "SPY")),
    ("BRK.B ES=F", ask(Window("1y"), "BRK.B", "ES=F")),
    # pinned: the basis words are the command's (/gap strips a last `price` or `total`);
    # this grammar reads them as tickers, like any other word of a ticker's shape
    ("price total", ask(Window("1y"), "PRICE", "TOTAL")),
    # pinned: a word of a ticker's shape is a ticker, even when it looks like a number
    ("1.5y IWM", ask(Window("1y"), "1.5Y", "IWM")),
    ("20230101 2023", ask(Window("1y"), "20230101", "2023")),
    ("ßpy spy", ask(Window("1y"), "SSPY", "SPY")),  # pinned: upper-casing ß gives SS
]


@pytest.mark.parametrize(("text", "expected"), WINDOW_ACCEPTED)
def test_window_pair_accepted(text, expected):
    assert window_pair(text) == expected


@pytest.mark.parametrize(
    ("default", "today", "expected"),
    [
        ("1y", TODAY, Window("1y")),
        ("10y", TODAY, Window("10y")),  # /mix
        ("ytd", TODAY, Window("ytd", year=2025)),
        ("ytd", date(2026, 1, 2), Window("ytd", year=2026)),  # not last year's data
    ],
)
def test_window_pair_default_window(default, today, expected):
    assert parse_window_pair([], today, *CHAT, default=default).window == expected


U = "usage_gap"
WINDOW_REFUSED = [
    # impossible dates
    ("2025-02-30", "err_bad_date", U, {"arg": "2025-02-30"}),
    ("2025-02-29", "err_bad_date", U, {"arg": "2025-02-29"}),  # not a leap year
    ("2023-04-31", "err_bad_date", U, {"arg": "2023-04-31"}),
    ("2023-13-01", "err_bad_date", U, {"arg": "2023-13-01"}),
    ("2023-00-10", "err_bad_date", U, {"arg": "2023-00-10"}),
    ("2023-01-00", "err_bad_date", U, {"arg": "2023-01-00"}),
    ("0000-01-01", "err_bad_date", U, {"arg": "0000-01-01"}),
    ("1899-12-31", "err_bad_date", U, {"arg": "1899-12-31"}),  # before 1900
    ("1066-10-14", "err_bad_date", U, {"arg": "1066-10-14"}),
    # future dates, as a start or an end
    ("2025-11-04", "err_future_date", U, {"date": "2025-11-04"}),
    ("2030-01-01", "err_future_date", U, {"date": "2030-01-01"}),
    ("2023-01-01 2030-01-01", "err_future_date", U, {"date": "2030-01-01"}),
    # the end on or before the start
    ("2025-10-15 2023-01-01", "err_end_before_start", U,
     {"start": "2025-10-15", "end": "2023-01-01"}),
    ("2025-10-15 2025-10-15", "err_end_before_start", U,
     {"start": "2025-10-15", "end": "2025-10-15"}),
    # look-backs of no length or of impossible length
    ("0y", "err_window_zero", U, {"arg": "0y"}),
    ("0d IWM SPY", "err_window_zero", U, {"arg": "0d"}),
    ("00m", "err_window_zero", U, {"arg": "00m"}),
    ("131y", "err_window_too_long", U, {"arg": "131y", "years": 130}),
    ("999y", "err_window_too_long", U, {"arg": "999y", "years": 130}),
    ("1601m", "err_window_too_long", U, {"arg": "1601m", "years": 130}),
    ("7001w", "err_window_too_long", U, {"arg": "7001w", "years": 130}),
    # pinned: look-backs have at most four digits, so 10000d (27 years) and even the
    # LOOKBACK_LIMITS maximum 50000d are "too long", and so is 00001y
    ("10000d", "err_window_too_long", U, {"arg": "10000d", "years": 130}),
    ("50000d", "err_window_too_long", U, {"arg": "50000d", "years": 130}),
    ("00001y", "err_window_too_long", U, {"arg": "00001y", "years": 130}),
    # a look-back with thousands of digits is refused, not a crash
    (HUGE_LOOKBACK, "err_window_too_long", U, {"arg": "1" * 23 + "…", "years": 130}),
    ("0" * 5000 + "d", "err_window_zero", U, {"arg": "0" * 23 + "…"}),
    # two windows, or a window after another window, a date or the pair
    ("1y 3y", "err_bad_argument", U, {"arg": "3y"}),
    ("ytd 1y", "err_bad_argument", U, {"arg": "1y"}),
    ("1y 1y", "err_bad_argument", U, {"arg": "1y"}),
    ("1y 2023-01-01", "err_bad_argument", U, {"arg": "2023-01-01"}),
    ("2023-01-01 1y", "err_bad_argument", U, {"arg": "1y"}),
    ("2023-01-01 2024-01-01 2025-01-01", "err_bad_argument", U, {"arg": "2025-01-01"}),
    ("IWM SPY 2w", "err_bad_argument", U, {"arg": "2w"}),
    ("IWM SPY 2023-01-01", "err_bad_argument", U, {"arg": "2023-01-01"}),
    ("IWM 2023-01-01 SPY", "err_bad_argument", U, {"arg": "2023-01-01"}),
    # one ticker, or three
    ("SPY", "err_bad_argument", U, {"arg": "SPY"}),
    ("1y spy", "err_bad_argument", U, {"arg": "SPY"}),
    ("price", "err_bad_argument", U, {"arg": "PRICE"}),  # a basis word alone: one ticker
    ("IWM SPY QQQ", "err_bad_argument", U, {"arg": "QQQ"}),
    ("1y IWM SPY QQQ", "err_bad_argument", U, {"arg": "QQQ"}),
    # a pair that is no pair
    ("SPY SPY", "err_same_ticker", U, {}),
    ("spy SPY", "err_same_ticker", U, {}),
    ("IWM ^TNX", "err_yield_not_price", None, {"ticker": "^TNX"}),
    ("^tnx spy", "err_yield_not_price", None, {"ticker": "^TNX"}),
    # garbage
    ("<b>bold</b>", "err_bad_ticker", U, {"arg": "<b>bold</b>"}),
    ("📉", "err_bad_ticker", U, {"arg": "📉"}),
    ("코스닥", "err_bad_ticker", U, {"arg": "코스닥"}),
    ("1년", "err_bad_ticker", U, {"arg": "1년"}),
    ("2023/01/01", "err_bad_ticker", U, {"arg": "2023/01/01"}),
    ("-1y", "err_bad_ticker", U, {"arg": "-1y"}),
    ("a\x07b", "err_bad_ticker", U, {"arg": "a\x07b"}),
    # too many words, oversized words
    ("1y IWM SPY QQQ DIA", "err_too_many_arguments", U, {}),
    ("'; DROP TABLE prices; --", "err_too_many_arguments", U, {}),
    (" ".join(["a"] * 1000), "err_too_many_arguments", U, {}),
    (LONG, "err_bad_ticker", U, {"arg": ECHOED_LONG}),
]


@pytest.mark.parametrize(("text", "key", "usage", "values"), WINDOW_REFUSED)
def test_window_pair_refused(text, key, usage, values):
    assert refusal(lambda: window_pair(text)) == (key, usage, values)


def test_a_look_back_shaped_word_ending_in_a_newline_is_refused_not_a_crash():
    # No whitespace split makes such a word; the parser is not to crash on one anyway.
    assert refusal(lambda: parse_window_pair(["0y\n"], TODAY, *CHAT))[0] == "err_window_zero"
    assert refusal(lambda: parse_alert_rule(["gap", "99999y\n", ">", "1"]))[0] \
        == "err_window_too_long"


def test_window_pair_refusals_end_with_the_commands_own_usage():
    refused = refusal(lambda: parse_window_pair(["0m"], TODAY, *CHAT, usage="usage_mix"))
    assert refused == ("err_window_zero", "usage_mix", {"arg": "0m"})


# -- /alert METRIC [WINDOW] [SMALL LARGE] OP VALUE [once] [cooldown=D] [band=B] ----------------

ALERT_ACCEPTED = [
    # every metric; a windowed one takes its default window unless one is written
    ("gap > 5", rule("gap", "1y", ">", 5.0)),
    ("gap 6m > 5", rule("gap", "6m", ">", 5.0)),
    ("small_ret < -5%", rule("small_ret", "1y", "<", -5.0)),
    ("small_ret 30d <= -5%", rule("small_ret", "30d", "<=", -5.0)),
    ("large_ret >= 10", rule("large_ret", "1y", ">=", 10.0)),
    ("large_ret ytd >= 10", rule("large_ret", "ytd", ">=", 10.0)),
    ("ratio_z <= -2", rule("ratio_z", "5y", "<=", -2.0)),
    ("ratio_z 18m <= −2", rule("ratio_z", "18m", "<=", -2.0)),  # a typographic minus
    ("pe_spread < -3", rule("pe_spread", None, "<", -3.0)),
    ("pe_discount ↓ 25", rule("pe_discount", None, "crosses_below", 25.0)),
    ("pe_discount_pct > 90", rule("pe_discount_pct", None, ">", 90.0)),
    ("yield crosses 4", rule("yield", None, "crosses", 4.0)),
    ("yield_chg > 50", rule("yield_chg", "3m", ">", 50.0)),
    ("yield_chg 2w above 25", rule("yield_chg", "2w", ">", 25.0)),
    ("small_dd < -20", rule("small_dd", None, "<", -20.0)),
    ("ratio_dd <= -15", rule("ratio_dd", None, "<=", -15.0)),
    ("large_dd < -10", rule("large_dd", None, "<", -10.0)),
    # metric and window in any case
    ("GAP > 5", rule("gap", "1y", ">", 5.0)),
    ("Small_Ret > 5", rule("small_ret", "1y", ">", 5.0)),
    ("gap 2W > 5", rule("gap", "2w", ">", 5.0)),
    ("gap YTD > 5", rule("gap", "ytd", ">", 5.0)),
    ("gap max < 0", rule("gap", "max", "<", 0.0)),
    ("gap 01y > 5", rule("gap", "01y", ">", 5.0)),  # pinned: kept as written
    # every operator, and the aliases
    ("gap < 1", rule("gap", "1y", "<", 1.0)),
    ("gap <= 1", rule("gap", "1y", "<=", 1.0)),
    ("gap >= 1", rule("gap", "1y", ">=", 1.0)),
    ("gap crosses_above 1", rule("gap", "1y", "crosses_above", 1.0)),
    ("gap crosses_below 1", rule("gap", "1y", "crosses_below", 1.0)),
    ("gap CROSSES 1", rule("gap", "1y", "crosses", 1.0)),
    ("gap => 1", rule("gap", "1y", ">=", 1.0)),
    ("gap =< 1", rule("gap", "1y", "<=", 1.0)),
    ("gap ↑ 1", rule("gap", "1y", "crosses_above", 1.0)),
    ("gap ↓ 1", rule("gap", "1y", "crosses_below", 1.0)),
    ("gap ABOVE 1", rule("gap", "1y", ">", 1.0)),
    ("gap below 1", rule("gap", "1y", "<", 1.0)),
    # numbers: a % sign is dropped, whatever the metric's unit; comma or point decimals
    ("gap > 5%", rule("gap", "1y", ">", 5.0)),
    ("gap > 5%%", rule("gap", "1y", ">", 5.0)),
    ("gap > +5", rule("gap", "1y", ">", 5.0)),
    ("gap > .5", rule("gap", "1y", ">", 0.5)),
    ("gap > 5.", rule("gap", "1y", ">", 5.0)),
    ("gap > 0", rule("gap", "1y", ">", 0.0)),
    ("gap > 1,5", rule("gap", "1y", ">", 1.5)),
    ("yield_chg > 1,000", rule("yield_chg", "3m", ">", 1.0)),  # pinned: a decimal comma
    ("gap > 1_000", rule("gap", "1y", ">", 1000.0)),
    ("gap > 1e3", rule("gap", "1y", ">", 1000.0)),
    ("gap > ١٠", rule("gap", "1y", ">", 10.0)),  # pinned: Arabic-Indic digits
    ("gap > 1000000", rule("gap", "1y", ">", 1e6)),  # the largest threshold
    ("gap > -1e6", rule("gap", "1y", ">", -1e6)),
    # a pair of the rule's own, after the window
    ("gap IWM SPY < -10", rule("gap", "1y", "<", -10.0, pair=("IWM", "SPY"))),
    ("gap 2y iwm spy < -10", rule("gap", "2y", "<", -10.0, pair=("IWM", "SPY"))),
    ("gap ^RUT ^GSPC crosses 0", rule("gap", "1y", "crosses", 0.0, pair=("^RUT", "^GSPC"))),
    ("yield IWM SPY > 4", rule("yield", None, ">", 4.0, pair=("IWM", "SPY"))),
    # options
    ("small_dd < -20 once", rule("small_dd", None, "<", -20.0, once=True)),
    ("gap > 5 ONCE", rule("gap", "1y", ">", 5.0, once=True)),
    ("gap > 5 cooldown=30m", rule("gap", "1y", ">", 5.0, cooldown_s=1800)),  # m: minutes
    ("gap > 5 cooldown=12h", rule("gap", "1y", ">", 5.0, cooldown_s=12 * 3600)),
    ("gap > 5 Cooldown=2D", rule("gap", "1y", ">", 5.0, cooldown_s=2 * DAY)),
    ("gap > 5 cooldown=1w", rule("gap", "1y", ">", 5.0, cooldown_s=7 * DAY)),
    ("gap > 5 cooldown=52w", rule("gap", "1y", ">", 5.0, cooldown_s=364 * DAY)),
    ("gap > 5 cooldown=365d", rule("gap", "1y", ">", 5.0, cooldown_s=365 * DAY)),
    ("gap > 5 cooldown=8760h", rule("gap", "1y", ">", 5.0, cooldown_s=365 * DAY)),
    ("gap > 5 cooldown=0m", rule("gap", "1y", ">", 5.0, cooldown_s=0)),
    ("gap > 5 cooldown=1d cooldown=2d", rule("gap", "1y", ">", 5.0, cooldown_s=2 * DAY)),
    ("gap > 5 band=0", rule("gap", "1y", ">", 5.0, band=0.0)),
    ("gap > 5 band=1,5", rule("gap", "1y", ">", 5.0, band=1.5)),
    ("gap 1y IWM SPY < -10 once cooldown=2d band=1.5",  # the longest rule: nine words
     rule("gap", "1y", "<", -10.0, once=True, cooldown_s=2 * DAY, band=1.5,
          pair=("IWM", "SPY"))),
]


@pytest.mark.parametrize(("text", "expected"), ALERT_ACCEPTED)
def test_alert_rule_accepted(text, expected):
    assert parse_alert_rule(text.split()) == expected


L = "usage_alert_line"
A = "usage_alert"
ALERT_REFUSED = [
    # nothing, or a metric that does not exist: the full usage, listing every metric
    ("", "usage_alert", None, {}),
    ("foo > 1", "err_unknown_metric", A, {"arg": "foo"}),
    ("gap_ret > 1", "err_unknown_metric", A, {"arg": "gap_ret"}),
    ("가격 > 1", "err_unknown_metric", A, {"arg": "가격"}),
    (LONG + " > 1", "err_unknown_metric", A, {"arg": ECHOED_LONG}),
    # a rule cut short: no operator or no threshold
    ("gap", "usage_alert_short", A, {}),
    ("gap 1y", "usage_alert_short", A, {}),
    ("gap >", "usage_alert_short", A, {}),
    ("gap 1y >", "usage_alert_short", A, {}),
    ("yield <", "usage_alert_short", A, {}),
    # a window for a metric that takes none (every one of them), or an impossible window
    ("yield 1y > 4", "err_metric_no_window", L, {"metric": "yield"}),
    ("pe_spread ytd > 1", "err_metric_no_window", L, {"metric": "pe_spread"}),
    ("pe_discount max > 1", "err_metric_no_window", L, {"metric": "pe_discount"}),
    ("pe_discount_pct 1y > 90", "err_metric_no_window", L, {"metric": "pe_discount_pct"}),
    ("pe_discount_pct > 150", "err_percentile_range", L, {"arg": "150"}),
    ("pe_discount_pct < -5", "err_percentile_range", L, {"arg": "-5"}),
    ("small_dd 2w < -20", "err_metric_no_window", L, {"metric": "small_dd"}),
    ("ratio_dd 1y < -5", "err_metric_no_window", L, {"metric": "ratio_dd"}),
    ("large_dd 1y < -10", "err_metric_no_window", L, {"metric": "large_dd"}),
    ("gap 0y < -10", "err_window_zero", L, {"arg": "0y"}),
    ("yield 0y > 4", "err_window_zero", L, {"arg": "0y"}),  # the window is read first
    ("gap 999y < -10", "err_window_too_long", L, {"arg": "999y", "years": 130}),
    ("gap 10000d > 1", "err_window_too_long", L, {"arg": "10000d", "years": 130}),
    ("gap " + HUGE_LOOKBACK + " > 1", "err_window_too_long", L,
     {"arg": "1" * 23 + "…", "years": 130}),
    # bad operators; a second window or a date lands where the operator goes
    ("gap ~ 3", "err_bad_operator", L, {"arg": "~"}),
    ("gap ≥ 5", "err_bad_operator", L, {"arg": "≥"}),
    ("gap = 5", "err_bad_operator", L, {"arg": "="}),
    ("gap == 5", "err_bad_operator", L, {"arg": "=="}),
    ("gap 1y 2y > 5", "err_bad_operator", L, {"arg": "2y"}),
    ("gap 2023-01-01 > 5", "err_bad_operator", L, {"arg": "2023-01-01"}),
    ("gap 1y IWM > 5 once", "err_bad_operator", L, {"arg": "IWM"}),  # half a pair
    ("gap IWM SPY <", "err_bad_operator", L, {"arg": "IWM"}),  # a pair, then cut short
    # bad thresholds; units other than % are not read
    ("gap > x", "err_bad_number", L, {"arg": "x"}),
    ("gap > %", "err_bad_number", L, {"arg": "%"}),
    ("gap > 5pp", "err_bad_number", L, {"arg": "5pp"}),
    ("yield_chg > 50bp", "err_bad_number", L, {"arg": "50bp"}),
    ("gap > 0x10", "err_bad_number", L, {"arg": "0x10"}),
    ("gap > 1,000.5", "err_bad_number", L, {"arg": "1,000.5"}),
    ("gap > nan", "err_bad_number", L, {"arg": "nan"}),
    ("gap > inf", "err_bad_number", L, {"arg": "inf"}),
    ("gap > -inf", "err_bad_number", L, {"arg": "-inf"}),
    ("gap > 1e308", "err_bad_number", L, {"arg": "1e308"}),
    ("gap > 1000001", "err_bad_number", L, {"arg": "1000001"}),
    ("gap > " + "9" * 5000, "err_bad_number", L, {"arg": "9" * 23 + "…"}),
    # bad options
    ("gap < -10 band=-1", "err_bad_number", L, {"arg": "band=-1"}),
    ("gap < -10 band=", "err_bad_number", L, {"arg": ""}),
    ("gap < -10 band=x", "err_bad_number", L, {"arg": "x"}),
    ("gap < -10 band=nan", "err_bad_number", L, {"arg": "nan"}),
    ("gap < -10 cooldown=9999d", "err_bad_duration", L, {"arg": "9999d"}),
    ("gap < -10 cooldown=366d", "err_bad_duration", L, {"arg": "366d"}),
    ("gap < -10 cooldown=53w", "err_bad_duration", L, {"arg": "53w"}),
    ("gap < -10 cooldown=1y", "err_bad_duration", L, {"arg": "1y"}),
    ("gap < -10 cooldown=-1d", "err_bad_duration", L, {"arg": "-1d"}),
    ("gap < -10 cooldown=", "err_bad_duration", L, {"arg": ""}),
    ("gap < -10 loudly", "err_bad_argument", L, {"arg": "loudly"}),
    ("gap < -10 twice", "err_bad_argument", L, {"arg": "twice"}),
    ("gap > 5 IWM SPY", "err_bad_argument", L, {"arg": "IWM"}),  # the pair comes first
    # a pair that is no pair
    ("gap 1y SPY SPY < -10", "err_same_ticker", L, {}),
    ("gap once once < 5", "err_same_ticker", L, {}),  # pinned: ONCE has a ticker's shape
    ("gap IWM ^TNX < 5", "err_yield_not_price", None, {"ticker": "^TNX"}),
    # too many words
    ("gap 1 2 3 4 5 6 7 8 9", "err_too_many_arguments", L, {}),
    ("gap 1y IWM SPY < -10 once cooldown=2d band=1.5 x", "err_too_many_arguments", L, {}),
    (" ".join(["가"] * 1000), "err_too_many_arguments", L, {}),
]


@pytest.mark.parametrize(("text", "key", "usage", "values"), ALERT_REFUSED)
def test_alert_rule_refused(text, key, usage, values):
    assert refusal(lambda: parse_alert_rule(text.split())) == (key, usage, values)


def test_the_alert_tables_cover_every_metric_and_operator():
    accepted = [row[1] for row in ALERT_ACCEPTED]
    assert {r.metric for r in accepted} == set(METRICS)
    assert {r.op for r in accepted} == set(OPERATORS)
    windowed = {m for m, spec in METRICS.items() if spec.default_window is not None}
    # every windowed metric with its default window and with one written
    with_default = {r.metric for r in accepted if r.metric in windowed
                    and r.window == METRICS[r.metric].default_window}
    with_written = {r.metric for r in accepted if r.metric in windowed
                    and r.window != METRICS[r.metric].default_window}
    assert with_default == with_written == windowed
    assert {r.metric for r in accepted if r.window is None} == set(METRICS) - windowed
    refused_window = {row[3]["metric"] for row in ALERT_REFUSED
                      if row[1] == "err_metric_no_window"}
    assert refused_window == set(METRICS) - windowed


# -- properties ----------------------------------------------------------------------------------

PROPERTY = settings(max_examples=200, deadline=None)

# Words of the grammars, so that random sequences get past the first refusal.
GRAMMAR_WORDS = (
    *METRICS, *OPERATORS, "=>", "=<", "↑", "↓", "above", "below", "once", "cooldown=2d",
    "band=1", "1y", "6m", "30d", "ytd", "max", "0y", "999y", "2023-01-01", "2025-02-30",
    "2030-01-01", "IWM", "SPY", "^TNX", "-10", "5%", "1,5", "nan", "price", "가", "\x00",
    "0y\n", "99999y\n",  # only in word lists: `$` matches before a last newline
)
KOREAN = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3))
CONTROL = st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"]))
VERY_LONG = st.builds(lambda word, times: word * times,
                      st.sampled_from(["1", "0", "x", "가", "-", "1y ", "9", "%", "\x00"]),
                      st.integers(min_value=1000, max_value=6000))
LONG_LOOKBACK = st.builds(lambda digit, times, unit: digit * times + unit,
                         st.sampled_from(["1", "0", "٣"]),
                         st.sampled_from([1, 4, 5, 4300, 4301, 6000]), st.sampled_from("dwmyY"))
WORDISH = st.one_of(st.sampled_from(GRAMMAR_WORDS), st.text(max_size=30), KOREAN, CONTROL,
                    VERY_LONG.map(lambda s: s.replace(" ", "")), LONG_LOOKBACK)
ANY_TEXT = st.one_of(
    st.text(), KOREAN, CONTROL, VERY_LONG,
    st.lists(WORDISH, max_size=12).map(" ".join),
)
# Word lists no whitespace split would make: words holding spaces, newlines, empty words.
ANY_WORDS = st.lists(st.one_of(WORDISH, st.text()), max_size=12)


def outcome(call):
    """The request, or the refusal; any other exception fails the property."""
    try:
        return call()
    except UsageError as refused:
        for value in refused.values.values():
            assert len(str(value)) <= MAX_ECHO  # what was typed is never quoted whole
        return refused


def assert_sane_request(request: GapRequest) -> None:
    assert request.small != request.large
    for ticker in (request.small, request.large):
        assert TICKER_RE.match(ticker) and not is_yield(ticker)
    window = request.window
    if window.preset is not None:
        assert is_preset(window.preset) and window.start is window.end is None
        assert window.year == (TODAY.year if window.preset == "ytd" else None)
    else:
        assert date(MIN_YEAR, 1, 1) <= window.start <= TODAY
        assert window.end is None or window.start < window.end <= TODAY


def assert_sane_rule(request: AlertRequest) -> None:
    assert request.metric in METRICS and request.op in OPERATORS
    assert request.window == validate_window(request.metric, request.window)
    assert abs(request.threshold) <= MAX_ABS_THRESHOLD  # so neither nan nor infinite
    assert 0 <= request.cooldown_s <= 365 * DAY
    assert request.band is None or 0 <= request.band <= MAX_ABS_THRESHOLD
    if request.pair is not None:
        assert request.pair[0] != request.pair[1]
        assert not any(is_yield(ticker) for ticker in request.pair)


@PROPERTY
@given(ANY_TEXT)
def test_any_text_gets_a_window_pair_or_a_refusal(text):
    result = outcome(lambda: window_pair(text))
    if isinstance(result, GapRequest):
        assert_sane_request(result)


@PROPERTY
@given(ANY_WORDS)
def test_any_words_get_a_window_pair_or_a_refusal(words):
    outcome(lambda: parse_window_pair(words, TODAY, *CHAT))


@PROPERTY
@given(ANY_TEXT)
def test_any_text_gets_an_alert_rule_or_a_refusal(text):
    result = outcome(lambda: parse_alert_rule(text.split()))
    if isinstance(result, AlertRequest):
        assert_sane_rule(result)


@PROPERTY
@given(ANY_WORDS)
def test_any_words_get_an_alert_rule_or_a_refusal(words):
    outcome(lambda: parse_alert_rule(words))


# Round trips. Tickers start with a letter and are no window code (YTD, MAX) and no
# operator word: such a ticker cannot be written in these grammars at all.
RESERVED = {"CROSSES", "ABOVE", "BELOW"}
TICKERS = st.from_regex(r"\^?[A-Z][A-Z0-9.=-]{0,7}", fullmatch=True).filter(
    lambda t: not is_preset(t) and not is_yield(t) and t not in RESERVED)
PAIRS = st.tuples(TICKERS, TICKERS).filter(lambda pair: pair[0] != pair[1])
# Look-backs as they are written back: no leading zeros, four digits at most.
LOOKBACKS = st.sampled_from(sorted(LOOKBACK_LIMITS)).flatmap(
    lambda unit: st.integers(1, min(LOOKBACK_LIMITS[unit], 9999)).map(lambda n: f"{n}{unit}"))
PRESETS = st.one_of(st.sampled_from(["ytd", "max"]), LOOKBACKS)


@st.composite
def windows(draw) -> Window:
    kind = draw(st.sampled_from(["preset", "since", "between"]))
    if kind == "preset":
        code = draw(PRESETS)
        return Window(code, year=TODAY.year if code == "ytd" else None)
    start = draw(st.dates(date(MIN_YEAR, 1, 1), TODAY - timedelta(days=1)))
    if kind == "since":
        return Window(start=start)
    return Window(start=start, end=draw(st.dates(start + timedelta(days=1), TODAY)))


@PROPERTY
@given(windows(), st.none() | PAIRS)
def test_a_window_pair_written_back_as_words_reads_the_same(window, pair):
    request = ask(window, *(pair or CHAT))
    words = [*window_words(window), *(pair or ())]  # as /gap's buttons write it
    assert parse_window_pair(words, TODAY, *CHAT) == request


_DURATION_SECONDS = {"w": 7 * DAY, "d": DAY, "h": 3600, "m": 60}


def rule_words(request: AlertRequest) -> list[str]:
    """An alert rule as a user would type it. The bot has no such formatter (rule_text
    writes prose), so this is the grammar's own documentation, run backwards."""
    words = [request.metric, *([request.window] if request.window else [])]
    words += [*(request.pair or ()), request.op, repr(request.threshold)]
    if request.once:
        words.append("once")
    if request.cooldown_s:
        unit = next(u for u, s in _DURATION_SECONDS.items() if request.cooldown_s % s == 0)
        words.append(f"cooldown={request.cooldown_s // _DURATION_SECONDS[unit]}{unit}")
    if request.band is not None:
        words.append(f"band={request.band!r}")
    return words


@st.composite
def alert_rules(draw) -> AlertRequest:
    metric = draw(st.sampled_from(sorted(METRICS)))
    window = None
    if METRICS[metric].default_window is not None:
        window = draw(st.just(METRICS[metric].default_window) | PRESETS)
    finite = {"allow_nan": False, "allow_infinity": False}
    # As a user may write it: up to four digits of one unit, a year at most.
    unit = draw(st.sampled_from(sorted(_DURATION_SECONDS)))
    count = draw(st.integers(0, min(9999, 365 * DAY // _DURATION_SECONDS[unit])))
    cooldown_s = count * _DURATION_SECONDS[unit]
    # a percentile is a rank from 0 to 100; anything else any finite number
    low, high = (0, 100) if METRICS[metric].unit == "pctl" else (-MAX_ABS_THRESHOLD,
                                                                 MAX_ABS_THRESHOLD)
    return AlertRequest(
        metric=metric, window=window, op=draw(st.sampled_from(OPERATORS)),
        threshold=draw(st.floats(low, high, **finite)),
        once=draw(st.booleans()), cooldown_s=cooldown_s,
        band=draw(st.none() | st.floats(0, MAX_ABS_THRESHOLD, **finite)),
        pair=draw(st.none() | PAIRS),
    )


@PROPERTY
@given(alert_rules())
def test_an_alert_rule_written_back_as_words_reads_the_same(request):
    assert parse_alert_rule(rule_words(request)) == request
