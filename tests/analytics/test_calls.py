"""Calls measured, settled and scored on real closes, against computations written out
longhand here from the CSVs (the csv module, nothing of ours)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.alerts import MetricInputs
from analytics.calls import (
    SettledCall,
    base_rate,
    brier,
    cutoff_day,
    horizon_target,
    measure,
    scoreboard,
    span_code,
)
from analytics.market.calendar import first_session_on_or_after, sessions_between
from analytics.valuation import PePoint
from tests.support.expected import csv_column, last_on_or_before


@pytest.fixture
def iwm_spy(reference_storage) -> MetricInputs:
    frames = reference_storage.load_prices(["IWM", "SPY"])
    return MetricInputs("IWM", "SPY", frames["IWM"], frames["SPY"])


@pytest.fixture
def adjusted(market_data) -> dict[str, dict[date, float]]:
    return {"IWM": csv_column(market_data / "IWM_adjusted.csv", "close"),
            "SPY": csv_column(market_data / "SPY_adjusted.csv", "close")}


def test_a_six_month_call_made_on_2_january_2025_settles_on_2_july(iwm_spy, adjusted):
    start = date(2025, 1, 2)
    settle = first_session_on_or_after(horizon_target(start, "6m"))
    assert settle == date(2025, 7, 2)  # a Wednesday, a session
    measured = measure(iwm_spy, "gap", start, settle)
    iwm, spy = adjusted["IWM"], adjusted["SPY"]
    expected = ((iwm[settle] / iwm[start]) - (spy[settle] / spy[start])) * 100
    assert measured.value == pytest.approx(expected, abs=1e-9)
    assert (measured.start_day, measured.end_day, measured.basis) == (start, settle, "total")
    small = measure(iwm_spy, "small_ret", start, settle).value
    assert small == pytest.approx((iwm[settle] / iwm[start] - 1) * 100, abs=1e-9)


def test_a_horizon_on_a_holiday_or_weekend_comes_due_at_the_next_close():
    assert first_session_on_or_after(date(2025, 7, 4)) == date(2025, 7, 7)  # Independence Day
    assert first_session_on_or_after(date(2026, 12, 25)) == date(2026, 12, 28)
    assert first_session_on_or_after(date(2031, 1, 1)) == date(2031, 1, 2)  # years ahead
    assert horizon_target(date(2025, 8, 29), "6m") == date(2026, 2, 28)  # month ends clamp
    assert sessions_between(date(2025, 1, 2), date(2025, 7, 2)) == 123


def test_sides_may_change_for_a_tenth_of_the_span():
    assert cutoff_day(date(2025, 1, 2), date(2025, 7, 2)) == date(2025, 1, 20)


def test_a_start_the_data_does_not_hold_measures_nothing(iwm_spy):
    assert measure(iwm_spy, "gap", date(2025, 1, 4), date(2025, 7, 2)) is None  # a Saturday


def test_the_base_rate_is_the_share_of_rolling_windows_of_the_same_length(iwm_spy, adjusted):
    start, settle = date(2025, 1, 2), date(2025, 7, 2)
    span = span_code(start, settle)
    assert span == "181d"
    rate = base_rate(iwm_spy, "gap", ">", 0.0, span)
    iwm, spy = adjusted["IWM"], adjusted["SPY"]
    days = sorted(set(iwm) & set(spy))
    first = days[0]
    hits = windows = 0
    for end in days:
        target = end - pd.Timedelta(days=181).to_pytimedelta()
        if target < first:
            continue
        begin = last_on_or_before({d: 0 for d in days}, target)
        if begin == end:
            continue
        windows += 1
        hits += ((iwm[end] / iwm[begin]) - (spy[end] / spy[begin])) * 100 > 0
    assert rate.windows == windows
    assert rate.rate_pct == pytest.approx(hits / windows * 100, abs=1e-9)
    assert rate.last_day == days[-1]
    assert rate.first_day == date(2000, 5, 26)  # the first window's start close, a Friday


def test_a_discount_call_is_a_level_and_its_base_rate_counts_days(iwm_spy):
    small = [PePoint(date(2025, 1, d), 16.0 + d / 10) for d in range(2, 12)]
    large = [PePoint(date(2025, 1, d), 26.0) for d in range(2, 12)]  # written here, not real
    inputs = MetricInputs("IWM", "SPY", iwm_spy.small, iwm_spy.large, small, large)
    measured = measure(inputs, "pe_discount", date(2025, 1, 2), date(2025, 1, 6))
    assert measured.value == pytest.approx((1 - 16.6 / 26.0) * 100)
    assert measured.end_day == date(2025, 1, 6)
    rate = base_rate(inputs, "pe_discount", ">", 37.0, "30d")
    discounts = [(1 - (16.0 + d / 10) / 26.0) * 100 for d in range(2, 12)]
    assert rate.windows == 10
    assert rate.rate_pct == pytest.approx(sum(v > 37.0 for v in discounts) / 10 * 100)


def test_brier_is_the_squared_error_of_the_probability():
    assert brier(0.7, True) == pytest.approx(0.09)
    assert brier(0.7, False) == pytest.approx(0.49)
    assert brier(0.5, False) == pytest.approx(0.25)


def test_the_scoreboard_counts_made_and_sided_calls_and_ranks_only_the_settled_enough():
    calls = [
        SettledCall(1, True, 0.7, [(2, "agree"), (3, "disagree")]),
        SettledCall(1, False, 0.6, [(2, "disagree")]),
        SettledCall(2, True, None, [(1, "agree"), (3, "disagree")]),
        SettledCall(1, True, None, [(1, "agree")]),  # a maker siding on their own call: not twice
    ]
    scores = {s.member_id: s for s in scoreboard(calls)}
    assert (scores[1].made, scores[1].sided, scores[1].right) == (3, 1, 3)
    assert scores[1].brier == pytest.approx((0.09 + 0.36) / 2)
    assert scores[1].brier_calls == 2
    assert (scores[2].made, scores[2].sided, scores[2].right) == (1, 2, 3)
    assert (scores[3].made, scores[3].sided, scores[3].right) == (0, 2, 0)
    ranked = [s.member_id for s in scoreboard(calls) if s.ranked]
    assert ranked == [2, 1]  # 3 of 3 right before 3 of 4; member 3 has 2 settled: apart
