"""P/E spread and discount, sector comparison."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from analytics.funds import sector_comparison
from analytics.performance import AnalyticsError
from analytics.valuation import PePoint, valuation_spread


def history(start: date, values: list[float]) -> list[PePoint]:
    return [PePoint(start + timedelta(days=i), v) for i, v in enumerate(values)]


def test_spread_discount_and_percentile():
    day = date(2025, 3, 3)
    small = history(day, [15.0, 16.0, 14.0, 15.0])
    large = history(day, [25.0, 25.0, 24.0, 26.0])
    result = valuation_spread("VTWO", small, "SPY", large)
    assert result.spread_turns == pytest.approx(15.0 - 26.0)
    assert result.discount == pytest.approx(1 - 15 / 26)
    discounts = [1 - 15 / 25, 1 - 16 / 25, 1 - 14 / 24, 1 - 15 / 26]
    assert result.history.days == 4
    assert result.history.low == pytest.approx(min(discounts))
    assert result.history.high == pytest.approx(max(discounts))
    # today's 42.3% discount is the highest of the four days
    assert result.history.percentile == pytest.approx(100.0)


def test_history_pairs_only_days_both_sides_were_snapshotted():
    small = history(date(2025, 3, 3), [15.0, 16.0])
    large = [PePoint(date(2025, 3, 4), 25.0)]
    result = valuation_spread("VTWO", small, "SPY", large)
    assert result.history is None  # one common day cannot rank anything


def test_missing_pe_is_refused_naming_the_ticker():
    with pytest.raises(AnalyticsError) as refused:
        valuation_spread("VTWO", [], "SPY", history(date(2025, 3, 3), [25.0]))
    assert refused.value.code == "no_valuation"
    assert refused.value.details == {"ticker": "VTWO"}


def test_sectors_are_sorted_by_small_cap_overweight_and_include_either_side():
    rows = sector_comparison(
        {"Financial Services": 0.17, "Technology": 0.14, "Healthcare": 0.16},
        {"Financial Services": 0.13, "Technology": 0.33, "Communication Services": 0.10},
    )
    assert [r.sector for r in rows] == [
        "Healthcare", "Financial Services", "Communication Services", "Technology"]
    assert rows[0].over_under == pytest.approx(0.16)
    assert rows[-1].over_under == pytest.approx(0.14 - 0.33)
