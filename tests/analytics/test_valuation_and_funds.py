"""Sector comparison (the valuation analytics are in test_valuation.py)."""

from __future__ import annotations

import pytest

from analytics.funds import sector_comparison


def test_sectors_are_sorted_by_small_cap_overweight_and_include_either_side():
    rows = sector_comparison(
        {"Financial Services": 0.17, "Technology": 0.14, "Healthcare": 0.16},
        {"Financial Services": 0.13, "Technology": 0.33, "Communication Services": 0.10},
    )
    assert [r.sector for r in rows] == [
        "Healthcare", "Financial Services", "Communication Services", "Technology"]
    assert rows[0].over_under == pytest.approx(0.16)
    assert rows[-1].over_under == pytest.approx(0.14 - 0.33)
