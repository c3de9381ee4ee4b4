"""What users type into /gap, /mix and /alert, and the refusals they get."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.windows import Window
from bot.parsing import (
    MAX_ECHO,
    UsageError,
    parse_alert_rule,
    parse_gap_args,
    parse_mix_args,
    parse_window_pair,
)

TODAY = date(2025, 11, 3)


def parse(text: str):
    return parse_gap_args(text.split(), TODAY, "VTWO", "SPY")


@pytest.mark.parametrize(
    ("text", "window", "pair"),
    [
        ("", Window("1y"), ("VTWO", "SPY")),
        ("3M", Window("3m"), ("VTWO", "SPY")),
        ("ytd iwm spy", Window("ytd", year=2025), ("IWM", "SPY")),
        ("5y ^RUT ^GSPC", Window("5y"), ("^RUT", "^GSPC")),
        ("2y", Window("2y"), ("VTWO", "SPY")),
        ("7Y", Window("7y"), ("VTWO", "SPY")),
        ("2w", Window("2w"), ("VTWO", "SPY")),
        ("10d IWM SPY", Window("10d"), ("IWM", "SPY")),
        ("18m", Window("18m"), ("VTWO", "SPY")),
        ("130y", Window("130y"), ("VTWO", "SPY")),
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
        ("2y 7y", "err_bad_argument"),
        ("1y SPY", "err_bad_argument"),
        ("IWM SPY 2w", "err_bad_argument"),
        ("SPY SPY", "err_same_ticker"),
        ("<b>bold</b>", "err_bad_ticker"),
        ("📉", "err_bad_ticker"),
        ("1y IWM SPY QQQ DIA", "err_too_many_arguments"),
        ("1y IWM SPY QQQ", "err_bad_argument"),
        ("'; DROP TABLE prices; --", "err_too_many_arguments"),
        ("x" * 5000, "err_bad_ticker"),
        ("0y", "err_window_zero"),
        ("0d IWM SPY", "err_window_zero"),
        ("999y", "err_window_too_long"),
        ("131y", "err_window_too_long"),
        ("99999d", "err_window_too_long"),
    ],
)
def test_refusals(text, key):
    with pytest.raises(UsageError) as refused:
        parse(text)
    assert refused.value.key == key
    assert refused.value.usage == "usage_gap"
    for value in refused.value.values.values():
        assert len(str(value)) <= MAX_ECHO  # a 5,000-character argument is not echoed whole


def test_ytd_means_this_calendar_year_in_new_york_whatever_the_data_holds():
    # New York's date is passed in: on 2026-01-02 ytd is 2026, even if a series ended in 2025.
    request = parse_window_pair(["ytd"], date(2026, 1, 2), "VTWO", "SPY")
    assert request.window == Window("ytd", year=2026)
    default_ytd = parse_window_pair([], date(2026, 1, 2), "VTWO", "SPY", default="ytd")
    assert default_ytd.window.year == 2026


@pytest.mark.parametrize(
    ("text", "pct", "window"),
    [
        ("", 20.0, Window("10y")),
        ("30 7y", 30.0, Window("7y")),
        ("2w", 20.0, Window("2w")),
        ("25% ytd IWM SPY", 25.0, Window("ytd", year=2025)),
    ],
)
def test_mix_takes_a_share_and_any_window(text, pct, window):
    request = parse_mix_args(text.split(), TODAY, "VTWO", "SPY")
    assert (request.pct, request.window) == (pct, window)


def test_mix_refuses_an_impossible_window():
    with pytest.raises(UsageError) as refused:
        parse_mix_args(["20", "0m"], TODAY, "VTWO", "SPY")
    assert (refused.value.key, refused.value.usage) == ("err_window_zero", "usage_mix")


# -- /alert rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gap < -10", ("gap", "1y", "<", -10.0, None)),
        ("gap 7y crosses -20", ("gap", "7y", "crosses", -20.0, None)),
        ("gap 2W > 5 band=0.5", ("gap", "2w", ">", 5.0, 0.5)),
        ("small_ret 10d <= -5%", ("small_ret", "10d", "<=", -5.0, None)),
        ("ratio_z <= -2", ("ratio_z", "5y", "<=", -2.0, None)),
        ("ratio_z 18m <= −2", ("ratio_z", "18m", "<=", -2.0, None)),
        ("yield_chg > 50", ("yield_chg", "3m", ">", 50.0, None)),
        ("yield_chg 2w above 25", ("yield_chg", "2w", ">", 25.0, None)),
        ("yield crosses 4", ("yield", None, "crosses", 4.0, None)),
        ("small_dd < -20 once", ("small_dd", None, "<", -20.0, None)),
        ("pe_discount ↓ 25", ("pe_discount", None, "crosses_below", 25.0, None)),
        ("gap ytd => 0", ("gap", "ytd", ">=", 0.0, None)),
        ("gap max < 0", ("gap", "max", "<", 0.0, None)),
    ],
)
def test_alert_rules_accepted(text, expected):
    rule = parse_alert_rule(text.split())
    assert (rule.metric, rule.window, rule.op, rule.threshold, rule.band) == expected


def test_an_alert_rule_may_name_its_pair_and_options():
    rule = parse_alert_rule(["gap", "2y", "IWM", "SPY", "<", "-10", "once", "cooldown=2d"])
    assert (rule.window, rule.pair, rule.once, rule.cooldown_s) == ("2y", ("IWM", "SPY"),
                                                                    True, 2 * 86400)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "usage_alert"),
        ("foo > 1", "err_unknown_metric"),
        ("gap 1y <", "usage_alert_short"),
        ("gap 0y < -10", "err_window_zero"),
        ("gap 999y < -10", "err_window_too_long"),
        ("yield 1y > 4", "err_metric_no_window"),
        ("small_dd 2w < -20", "err_metric_no_window"),
        ("gap 1y ~ 3", "err_bad_operator"),
        ("gap 1y > nan", "err_bad_number"),
        ("gap 1y > 1e308", "err_bad_number"),
        ("gap 1y < -10 band=-1", "err_bad_number"),
        ("gap 1y < -10 cooldown=9999d", "err_bad_duration"),
        ("gap 1y < -10 loudly", "err_bad_argument"),
        ("gap 1y SPY SPY < -10", "err_same_ticker"),
        ("gap 1 2 3 4 5 6 7 8 9", "err_too_many_arguments"),
    ],
)
def test_alert_rules_refused(text, key):
    with pytest.raises(UsageError) as refused:
        parse_alert_rule(text.split())
    assert refused.value.key == key


def test_a_bad_rule_ends_with_the_one_line_usage_and_a_lost_one_with_every_metric():
    with pytest.raises(UsageError) as bad_number:
        parse_alert_rule(["gap", "1y", ">", "nan"])
    assert bad_number.value.usage == "usage_alert_line"
    with pytest.raises(UsageError) as unknown:
        parse_alert_rule(["foo", ">", "1"])
    assert unknown.value.usage == "usage_alert"
