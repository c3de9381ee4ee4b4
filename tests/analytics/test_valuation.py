"""The P/E spread and discount, and where they sit in the history held.

Figures on the S&P 500 come from Shiller's real monthly file (skipped when
../shared/valuation-data is absent) and are checked against a computation written here
with the csv module. No public small-cap P/E history exists, so the small side's
series below are written by the tests themselves, and say so."""

from __future__ import annotations

import csv
import statistics
from datetime import date, timedelta
from pathlib import Path

import pytest

from analytics.market.csv_files import CsvImportError
from analytics.market.valuation_files import read_valuation_csv
from analytics.performance import AnalyticsError
from analytics.valuation import (
    MIN_PERCENTILE_POINTS,
    DiscountPoint,
    PePoint,
    PeSeries,
    paired,
    percentile_series,
    valuation_spread,
)
from tests.support.paths import VALUATION_DATA

SHILLER = VALUATION_DATA / "SP500_shiller.csv"
needs_shiller = pytest.mark.skipif(not SHILLER.exists(), reason="no ../shared/valuation-data")


def daily(ticker: str, start: date, values: list[float], source: str = "Yahoo Finance"
          ) -> PeSeries:
    return PeSeries(ticker, source, tuple(
        PePoint(start + timedelta(days=i), v) for i, v in enumerate(values)))


def shiller_by_hand() -> dict[date, float]:
    """SP500 / Earnings for every month both are published (Shiller writes 0.0 for
    not published), computed without the project's code."""
    out = {}
    with SHILLER.open() as handle:
        for row in csv.DictReader(handle):
            price, earnings = float(row["SP500"]), float(row["Earnings"])
            if price > 0 and earnings > 0:
                out[date.fromisoformat(row["Date"])] = price / earnings
    return out


def shiller_series() -> PeSeries:
    parsed = read_valuation_csv(SHILLER, today=date(2026, 12, 4))
    return PeSeries("^GSPC", parsed.source, tuple(
        PePoint(day, value) for day, measure, value in parsed.figures if measure == "trailing_pe"))


# -- today's spread ------------------------------------------------------------------------


def test_spread_and_discount_come_from_each_sides_latest_figure():
    day = date(2025, 3, 3)
    result = valuation_spread("VTWO", [daily("VTWO", day, [15.0, 16.0, 14.0, 15.0])],
                              "SPY", [daily("SPY", day, [25.0, 25.0, 24.0, 26.0])])
    assert result.spread_turns == pytest.approx(15.0 - 26.0)
    assert result.discount == pytest.approx(1 - 15 / 26)
    discounts = [1 - 15 / 25, 1 - 16 / 25, 1 - 14 / 24, 1 - 15 / 26]
    placement = result.common.placement
    assert placement.count == 4
    assert (placement.low, placement.high) == pytest.approx((min(discounts), max(discounts)))
    assert placement.low_on == day + timedelta(days=1)
    assert placement.percentile == pytest.approx(100.0)  # today's 42.3% is the widest
    assert placement.zscore == pytest.approx(
        (discounts[-1] - statistics.fmean(discounts)) / statistics.stdev(discounts))
    assert placement.short  # four days: a percentile of weeks, said so by the answer


def test_a_single_shared_day_ranks_nothing():
    result = valuation_spread("VTWO", [daily("VTWO", date(2025, 3, 3), [15.0, 16.0])],
                              "SPY", [daily("SPY", date(2025, 3, 4), [25.0])])
    assert len(result.common.points) == 1
    assert result.common.placement is None


def test_missing_pe_is_refused_naming_the_ticker():
    with pytest.raises(AnalyticsError) as refused:
        valuation_spread("VTWO", [], "SPY", [daily("SPY", date(2025, 3, 3), [25.0])])
    assert refused.value.code == "no_valuation"
    assert refused.value.details == {"ticker": "VTWO"}


def test_a_fund_without_figures_stands_on_the_index_it_tracks_and_says_so():
    index = daily("^GSPC", date(2025, 3, 3), [24.0, 25.0], source="my file")
    result = valuation_spread("VTWO", [daily("VTWO", date(2025, 3, 3), [15.0, 16.0])],
                              "SPY", [index])
    assert result.large.proxy == "^GSPC"
    assert result.large_pe == 25.0


def test_own_figures_come_before_the_index_for_today():
    own = daily("SPY", date(2025, 3, 3), [26.0])
    index = daily("^GSPC", date(2025, 3, 3), [24.0], source="my file")
    result = valuation_spread("VTWO", [daily("VTWO", date(2025, 3, 3), [15.0])],
                              "SPY", [own, index])
    assert result.large.proxy is None and result.large_pe == 26.0


# -- pairing two series ----------------------------------------------------------------------


def test_daily_series_pair_on_the_same_day_only():
    small = daily("VTWO", date(2025, 3, 3), [15.0, 16.0, 17.0])
    large = daily("SPY", date(2025, 3, 4), [25.0, 26.0, 27.0])
    assert [(p.day, p.small_pe, p.large_pe) for p in paired(small, large)] == [
        (date(2025, 3, 4), 16.0, 25.0), (date(2025, 3, 5), 17.0, 26.0)]


def test_a_monthly_series_pairs_by_calendar_month():
    # Written by this test: month-end figures against Shiller-style firsts of the month.
    small = PeSeries("IWM", "mine", tuple(PePoint(d, v) for d, v in [
        (date(2024, 1, 31), 15.0), (date(2024, 2, 29), 16.0), (date(2024, 3, 28), 17.0)]))
    large = PeSeries("^GSPC", "Shiller", tuple(PePoint(d, v) for d, v in [
        (date(2024, 2, 1), 25.0), (date(2024, 3, 1), 26.0), (date(2024, 4, 1), 27.0)]))
    assert [(p.small_pe, p.large_pe) for p in paired(small, large)] == [(16.0, 25.0),
                                                                        (17.0, 26.0)]


# -- Shiller's S&P 500 -----------------------------------------------------------------------


@needs_shiller
@pytest.mark.parametrize("day", [
    date(1871, 1, 1), date(1881, 6, 1), date(1901, 9, 1), date(1917, 12, 1), date(1929, 9, 1),
    date(1932, 6, 1), date(1949, 6, 1), date(1966, 1, 1), date(1982, 8, 1), date(2000, 3, 1),
    date(2009, 5, 1), date(2023, 6, 1),
])
def test_shiller_trailing_pe_is_price_over_trailing_earnings(day):
    figures = {d: v for d, m, v in read_valuation_csv(SHILLER).figures if m == "trailing_pe"}
    assert figures[day] == pytest.approx(shiller_by_hand()[day], rel=1e-12)


@needs_shiller
def test_shiller_unpublished_months_are_left_out_never_zero():
    parsed = read_valuation_csv(SHILLER)
    with SHILLER.open() as handle:
        rows = list(csv.DictReader(handle))
    zero = [r for r in rows if float(r["Earnings"]) == 0 or float(r["SP500"]) == 0]
    assert parsed.unpublished == len(zero) > 0
    assert len(parsed.figures) == len(rows) - len(zero)
    assert min(v for _, _, v in parsed.figures) > 1  # no 0× and no infinite P/E
    assert parsed.span() == (date(1871, 1, 1), date(2023, 6, 1))  # earnings end 2023-06
    assert parsed.default_ticker() == "^GSPC"


@needs_shiller
def test_todays_sp500_pe_is_placed_in_shillers_history():
    by_hand = shiller_by_hand()
    values = list(by_hand.values())
    today = daily("SPY", date(2026, 12, 3), [27.4])
    result = valuation_spread("VTWO", [daily("VTWO", date(2026, 12, 3), [17.0])],
                              "SPY", [today, shiller_series()])
    side = result.large
    assert side.history.ticker == "^GSPC" and side.history.monthly
    placement = side.placement
    assert placement.count == len(values)
    assert placement.percentile == pytest.approx(
        100 * sum(v <= 27.4 for v in values) / len(values))
    assert placement.zscore == pytest.approx(
        (27.4 - statistics.fmean(values)) / statistics.stdev(values))
    assert (placement.low, placement.high) == pytest.approx((min(values), max(values)))
    assert placement.low_on == min(by_hand, key=by_hand.get)
    assert placement.high_on == max(by_hand, key=by_hand.get) == date(2009, 5, 1)


@needs_shiller
def test_the_discount_is_ranked_on_the_span_both_sides_share():
    # The small side's monthly series is written by this test (2010-01 .. 2026-11,
    # month ends): no public small-cap P/E history exists.
    months = [(2010 + m // 12, m % 12 + 1) for m in range(203)]
    small = PeSeries("IWM", "CSV import (iwm_pe.csv)", tuple(
        PePoint(_month_end(y, mo), 14.0 + (i % 24) / 4) for i, (y, mo) in enumerate(months)))
    result = valuation_spread("IWM", [small], "SPY",
                              [daily("SPY", date(2026, 12, 3), [27.4]), shiller_series()])
    by_hand = shiller_by_hand()
    expected = [1 - p.trailing_pe / by_hand[date(p.as_of.year, p.as_of.month, 1)]
                for p in small.points if date(p.as_of.year, p.as_of.month, 1) in by_hand]
    common = result.common
    assert common.large.ticker == "^GSPC"
    assert len(common.points) == len(expected) == 162  # 2010-01 .. 2023-06
    assert [p.discount for p in common.points] == pytest.approx(expected)
    today = 1 - small.points[-1].trailing_pe / 27.4
    assert common.placement.value == pytest.approx(today)
    assert common.placement.percentile == pytest.approx(
        100 * sum(d <= today + 1e-12 for d in expected) / len(expected))
    long, short = result.one_sided
    assert (long.ticker, short.ticker) == ("SPY", "IWM")


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


# -- the discount's percentile as an alert metric --------------------------------------------


def test_percentile_series_never_looks_ahead():
    history = [DiscountPoint(date(2025, 1, 1) + timedelta(days=i), 10.0 + (i % 7), 20.0)
               for i in range(30)]
    series = dict(percentile_series(history, []))
    assert len(series) == 30 - MIN_PERCENTILE_POINTS + 1  # nothing before enough points
    day = history[24].day
    known = [p.discount for p in history[:25]]
    assert series[day] == pytest.approx(
        100 * sum(d <= history[24].discount + 1e-12 for d in known) / 25)


def test_live_points_after_the_history_rank_against_all_of_it():
    history = [DiscountPoint(date(2025, 1, 1) + timedelta(days=i), 10.0 + i / 10, 20.0)
               for i in range(MIN_PERCENTILE_POINTS)]
    live = [DiscountPoint(date(2025, 3, 1), 30.0, 20.0)]  # a premium: below every point
    assert percentile_series(history, live)[-1] == (date(2025, 3, 1), 0.0)


# -- files a user imports ----------------------------------------------------------------------


def test_a_users_series_takes_a_date_and_a_pe_column(tmp_path: Path):
    path = tmp_path / "iwm_pe.csv"
    path.write_text("date,pe,forward_pe\n2024-01-31,15.2,13.1\n2024-02-29,15.9,\n")
    parsed = read_valuation_csv(path, today=date(2026, 12, 4))
    assert parsed.figures == [(date(2024, 1, 31), "trailing_pe", 15.2),
                              (date(2024, 1, 31), "forward_pe", 13.1),
                              (date(2024, 2, 29), "trailing_pe", 15.9)]
    assert parsed.source == "CSV import (iwm_pe.csv)" and parsed.default_ticker() is None


@pytest.mark.parametrize(("body", "message"), [
    ("date,pe\n2024-01-31,abc\n", "line 2: bad trailing_pe 'abc'"),
    ("date,pe\n2024-01-31,-3\n", "line 2: trailing_pe '-3' must be positive"),
    ("date,pe\n2024-01-31,15\n2024-01-31,16\n", "line 3: 2024-01-31 appears twice"),
    ("date,pe\n2031-01-31,15\n", "line 2: 2031-01-31 is in the future"),
    ("date,pe\nyesterday,15\n", "line 2: bad date 'yesterday'"),
    ("day,close\n2024-01-31,15\n", "need a date column and a pe column"),
    ("", "empty file"),
    ("Date,SP500,Earnings\n2024-01-01,4800,0.0\n", "no month with both SP500 and Earnings"),
])
def test_a_bad_line_refuses_the_file_and_is_named(tmp_path: Path, body: str, message: str):
    path = tmp_path / "pe.csv"
    path.write_text(body)
    with pytest.raises(CsvImportError, match=message.replace("(", r"\(")):
        read_valuation_csv(path, today=date(2026, 12, 4))
