"""/gap arithmetic on real prices, checked against figures computed here from the CSVs."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.performance import AnalyticsError, relative_performance
from analytics.windows import Window
from tests.support.expected import csv_column, last_on_or_before


@pytest.fixture
def frames(reference_storage):
    return reference_storage.load_prices(["VTWO", "SPY", "IWM", "^RUT", "^GSPC"])


def expected_return(series: dict[date, float], start: date, end: date) -> float:
    return series[end] / series[start] - 1


def test_explicit_dates_start_from_the_last_close_on_or_before_the_start(frames, market_data):
    result = relative_performance("VTWO", frames["VTWO"], "SPY", frames["SPY"],
                                  Window(start=date(2023, 1, 1), end=date(2025, 10, 15)))
    assert result.start_date == date(2022, 12, 30)  # 2023-01-01 was a Sunday after a holiday
    assert result.end_date == date(2025, 10, 15)

    vtwo_close = csv_column(market_data / "VTWO.csv", "close")
    vtwo_adj = csv_column(market_data / "VTWO.csv", "adj_close")
    spy_close = csv_column(market_data / "SPY_raw.csv", "close")
    spy_adj = csv_column(market_data / "SPY_adjusted.csv", "close")
    start, end = date(2022, 12, 30), date(2025, 10, 15)
    assert result.small.price.ret == pytest.approx(expected_return(vtwo_close, start, end))
    assert result.small.total.ret == pytest.approx(expected_return(vtwo_adj, start, end))
    assert result.large.price.ret == pytest.approx(expected_return(spy_close, start, end))
    assert result.large.total.ret == pytest.approx(expected_return(spy_adj, start, end))
    expected_gap = (expected_return(vtwo_adj, start, end) - expected_return(spy_adj, start, end))
    assert result.total_gap_pp == pytest.approx(expected_gap * 100)
    ratio_change = (vtwo_adj[end] / spy_adj[end]) / (vtwo_adj[start] / spy_adj[start]) - 1
    assert result.total_ratio_change == pytest.approx(ratio_change)
    # Dividends make total return beat price return for both funds over ~3 years.
    assert result.small.total.ret > result.small.price.ret
    assert result.large.total.ret > result.large.price.ret


def test_one_year_ends_at_the_last_common_close_of_both_series(frames, market_data):
    # VTWO's file ends 2025-10-31 while SPY's runs into 2026: compare over the same days.
    result = relative_performance("VTWO", frames["VTWO"], "SPY", frames["SPY"], Window("1y"))
    assert result.end_date == date(2025, 10, 31)
    vtwo = csv_column(market_data / "VTWO.csv", "adj_close")
    expected_start = last_on_or_before(vtwo, date(2024, 10, 31))
    assert result.start_date == expected_start
    assert result.small.total.ret == pytest.approx(
        expected_return(vtwo, expected_start, date(2025, 10, 31)))
    assert not result.truncated


def test_ytd_starts_at_the_last_close_of_the_previous_year(frames):
    result = relative_performance("IWM", frames["IWM"], "SPY", frames["SPY"],
                                  Window("ytd", year=2026))
    assert (result.start_date, result.end_date) == (date(2025, 12, 31), date(2026, 7, 13))
    # The raw files end 2026-06-30: price return is measured apart, on its own closes.
    assert result.small.price is None and result.large.price is None
    assert (result.other.start_date, result.other.end_date) == (date(2025, 12, 31),
                                                                date(2026, 6, 30))


def test_ytd_means_the_year_asked_not_the_year_the_data_ends(frames):
    # VTWO's file ends in 2025: "this year" in 2026 has no VTWO closes, and says so.
    with pytest.raises(AnalyticsError) as refused:
        relative_performance("VTWO", frames["VTWO"], "SPY", frames["SPY"],
                             Window("ytd", year=2026))
    assert refused.value.code == "no_data_this_year"
    result = relative_performance("VTWO", frames["VTWO"], "SPY", frames["SPY"],
                                  Window("ytd", year=2025))
    assert (result.start_date, result.end_date) == (date(2024, 12, 31), date(2025, 10, 31))


def test_indices_have_price_return_only(frames, market_data):
    result = relative_performance("^RUT", frames["^RUT"], "^GSPC", frames["^GSPC"], Window("5y"))
    assert result.small.total is None and result.large.total is None
    assert result.total_gap_pp is None
    rut = csv_column(market_data / "RUT.csv", "close")
    gspc = csv_column(market_data / "GSPC.csv", "close")
    end = date(2026, 2, 20)  # RUT's file ends first
    start = last_on_or_before(rut, date(2021, 2, 20))
    assert (result.start_date, result.end_date) == (start, end)
    expected = (expected_return(rut, start, end) - expected_return(gspc, start, end)) * 100
    assert result.price_gap_pp == pytest.approx(expected)


def test_price_return_is_missing_where_unadjusted_closes_are_missing(frames):
    # SPY's unadjusted closes start 2021-07-01; its adjusted closes go back to 1993.
    result = relative_performance("IWM", frames["IWM"], "SPY", frames["SPY"], Window("10y"))
    assert result.small.price is None and result.large.price is None
    assert result.small.total is not None and result.large.total is not None


def test_a_window_longer_than_the_data_is_flagged_as_truncated(frames):
    result = relative_performance("VTWO", frames["VTWO"], "SPY", frames["SPY"], Window("10y"))
    assert result.truncated
    assert result.start_date == date(2022, 12, 1)


@pytest.mark.parametrize(
    ("window", "code"),
    [
        (Window(start=date(2026, 1, 5)), "start_after_data"),
        (Window(start=date(2020, 1, 1), end=date(2021, 1, 1)), "end_before_data"),
        (Window(start=date(2024, 3, 30), end=date(2024, 3, 31)), "window_too_short"),
        (Window(start=date(2024, 3, 5), end=date(2024, 3, 1)), "end_before_start"),
    ],
)
def test_unanswerable_windows_are_refused_with_a_reason(frames, window, code):
    with pytest.raises(AnalyticsError) as refused:
        relative_performance("VTWO", frames["VTWO"], "SPY", frames["SPY"], window)
    assert refused.value.code == code


def test_every_figure_of_the_table_covers_one_span(frames, market_data):
    # IWM/SPY adjusted closes run to 2026-07-13, unadjusted ones stop at 2026-06-30. Side
    # by side in one table two spans mislead (a price return above the total return), so
    # the table covers the headline's span and the price return is measured apart, on its
    # own closes, with its own dates.
    result = relative_performance("IWM", frames["IWM"], "SPY", frames["SPY"], Window("1y"))
    iwm_adj = csv_column(market_data / "IWM_adjusted.csv", "close")
    spy_adj = csv_column(market_data / "SPY_adjusted.csv", "close")
    iwm_raw = csv_column(market_data / "IWM_raw.csv", "close")
    spy_raw = csv_column(market_data / "SPY_raw.csv", "close")
    total_start = last_on_or_before(iwm_adj, date(2025, 7, 13))
    assert (result.start_date, result.end_date) == (total_start, date(2026, 7, 13))
    assert result.basis == "total" and result.small.price is None
    expected_total = (expected_return(iwm_adj, total_start, date(2026, 7, 13))
                      - expected_return(spy_adj, total_start, date(2026, 7, 13))) * 100
    assert result.total_gap_pp == pytest.approx(expected_total)
    other = result.other
    assert other.basis == "price"
    assert (other.start_date, other.end_date) == (date(2025, 6, 30), date(2026, 6, 30))
    expected_price = (expected_return(iwm_raw, date(2025, 6, 30), date(2026, 6, 30))
                      - expected_return(spy_raw, date(2025, 6, 30), date(2026, 6, 30))) * 100
    assert other.gap_pp == pytest.approx(expected_price)


def test_the_price_view_measures_both_bases_over_the_raw_closes_span(frames, market_data):
    # Choosing price return as the headline: its span, and the total return over the same
    # two closes beside it (adjusted closes exist on both days).
    result = relative_performance("IWM", frames["IWM"], "SPY", frames["SPY"], Window("3y"),
                                  basis="price")
    assert result.basis == "price" and result.other is None
    assert (result.start_date, result.end_date) == (date(2023, 6, 30), date(2026, 6, 30))
    iwm_adj = csv_column(market_data / "IWM_adjusted.csv", "close")
    assert result.small.total.ret == pytest.approx(
        expected_return(iwm_adj, date(2023, 6, 30), date(2026, 6, 30)))
    assert result.small.total.ret > result.small.price.ret  # dividends, over one span


def test_a_side_without_adjusted_closes_keeps_its_partners_total_return(frames, market_data):
    # SPY with raw closes only beside VTWO with both: the table is on price, and VTWO's
    # total return, which exists, is still measured over the same closes.
    spy_raw_only = frames["SPY"].drop(columns=["adj_close"])
    result = relative_performance("VTWO", frames["VTWO"], "SPY", spy_raw_only,
                                  Window(start=date(2023, 1, 1), end=date(2025, 10, 15)))
    assert result.basis == "price" and result.large.total is None
    vtwo_adj = csv_column(market_data / "VTWO.csv", "adj_close")
    assert result.small.total.ret == pytest.approx(
        expected_return(vtwo_adj, date(2022, 12, 30), date(2025, 10, 15)))
    assert result.total_gap_pp is None
