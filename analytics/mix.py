"""A PCT% small / rest large portfolio against 100% large, for `/mix`.

The portfolio starts at the window's first close at its target weights, drifts with
each side's daily return and is rebalanced to the targets at each calendar year's last
common close inside the window. Between rebalances each side grows by its price ratio
to the segment's first close, so the whole curve is computed without a daily loop.
Pure: no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.performance import AnalyticsError
from analytics.series import (
    Correlation,
    WindowedResult,
    aligned_pair,
    correlation,
    resolve_window,
)
from analytics.windows import Window

TRADING_DAYS_PER_YEAR = 252
DAYS_PER_YEAR = 365.25
# A growth rate is annualised only over a year or more: one month's return raised to
# the twelfth power says nothing about a year.
MIN_ANNUALISED_DAYS = 365
START_VALUE = 100.0


@dataclass(frozen=True)
class YearReturn:
    """A calendar year fully or partly inside the window."""

    year: int
    start_date: date  # the previous year's last close, or the window's start
    end_date: date  # the year's last close, or the window's end
    partial: bool
    mix_pct: float
    large_pct: float


@dataclass(frozen=True)
class PortfolioStats:
    label: str  # e.g. '20% VTWO + 80% SPY' or '100% SPY'
    small_weight_pct: float
    final_value: float  # growth of 100
    return_pct: float  # cumulative over the window
    cagr_pct: float | None  # None: the window is shorter than a year (MIN_ANNUALISED_DAYS)
    volatility_pct: float | None  # annualised; None with fewer than two daily returns
    max_drawdown_pct: float  # negative, or 0.0
    worst_year: int
    worst_year_pct: float
    worst_year_partial: bool = False  # no whole calendar year in the window: a part of one


@dataclass(frozen=True, eq=False)
class MixPortfolio(WindowedResult):
    calendar_days: int
    small_pct: float
    rebalance_dates: tuple[date, ...]
    mix: PortfolioStats
    large_only: PortfolioStats
    correlation: Correlation | None  # of daily returns; None below MIN_OBSERVATIONS
    years: tuple[YearReturn, ...]
    mix_curve: pd.Series  # growth of 100
    large_curve: pd.Series


def _stats(label: str, small_weight: float, curve: np.ndarray, calendar_days: int,
           years: list[tuple[int, float, bool]]) -> PortfolioStats:
    """`years`: (year, return %, partial). The worst year is a whole calendar year
    (a window's first December alone is not "the worst year"), unless none is whole."""
    returns = curve[1:] / curve[:-1] - 1.0
    volatility = (float(np.std(returns, ddof=1) * math.sqrt(TRADING_DAYS_PER_YEAR) * 100.0)
                  if len(returns) >= 2 else None)
    drawdown = float(np.min(curve / np.maximum.accumulate(curve) - 1.0) * 100.0)
    whole = [y for y in years if not y[2]] or years
    worst_year, worst_pct, worst_partial = min(whole, key=lambda year: year[1])
    return PortfolioStats(
        label=label,
        small_weight_pct=small_weight,
        final_value=float(curve[-1]),
        return_pct=float((curve[-1] / curve[0] - 1.0) * 100.0),
        cagr_pct=(float(((curve[-1] / curve[0]) ** (DAYS_PER_YEAR / calendar_days) - 1.0) * 100)
                  if calendar_days >= MIN_ANNUALISED_DAYS else None),
        volatility_pct=volatility,
        max_drawdown_pct=drawdown,
        worst_year=worst_year,
        worst_year_pct=worst_pct,
        worst_year_partial=worst_partial,
    )


def _label(weight: float) -> str:
    return f"{weight:g}"


def mix_portfolio(
    small_ticker: str,
    small: pd.DataFrame,
    large_ticker: str,
    large: pd.DataFrame,
    window: Window,
    pct: float = 20,
) -> MixPortfolio:
    """The PCT% small portfolio, rebalanced yearly, against holding only the large side."""
    if isinstance(pct, bool) or not isinstance(pct, int | float | np.number) or not (
        math.isfinite(pct) and 0 <= pct <= 100
    ):
        raise AnalyticsError("bad_pct", pct=pct, min=0, max=100)
    pair = aligned_pair(small_ticker, small, large_ticker, large)
    span = resolve_window(pair.days, window)
    start, end = span.start_pos, span.end_pos
    all_years = pair.days.year.to_numpy()
    # A year's last common close: the next common close falls in another year.
    is_year_end = np.append(all_years[:-1] != all_years[1:], False)

    cut = slice(start, end + 1)
    days = pair.days[cut]
    s, lg = pair.small[cut], pair.large[cut]
    year_end = is_year_end[cut]
    n = len(days)
    w_small = float(pct) / 100.0
    w_large = 1.0 - w_small

    # Segments start at the window's first close and at each year end before its last.
    rebalances = np.flatnonzero(year_end[:-1])
    anchors = np.unique(np.concatenate([[0], rebalances]))
    t = np.arange(1, n)
    segment = np.searchsorted(anchors, t, side="left") - 1
    anchor = anchors[segment]
    growth = w_small * s[t] / s[anchor] + w_large * lg[t] / lg[anchor]
    anchor_values = START_VALUE * np.cumprod(np.concatenate([[1.0], growth[anchors[1:] - 1]]))
    mix_curve = np.concatenate([[START_VALUE], anchor_values[segment] * growth])
    large_curve = START_VALUE * lg / lg[0]

    # Calendar years: from the previous year end (or the window's start) to the year's
    # end (or the window's end).
    edges = np.unique(np.concatenate([[0], np.flatnonzero(year_end), [n - 1]]))
    a, b = edges[:-1], edges[1:]
    mix_year = (mix_curve[b] / mix_curve[a] - 1.0) * 100.0
    large_year = (large_curve[b] / large_curve[a] - 1.0) * 100.0
    partial = ~(year_end[a] & year_end[b])
    year_returns = [
        YearReturn(int(days[j].year), days[i].date(), days[j].date(), bool(part),
                   float(m), float(g))
        for i, j, part, m, g in zip(a, b, partial, mix_year, large_year, strict=True)
    ]
    calendar_days = (days[-1] - days[0]).days
    small_weight = float(pct)
    mix = _stats(f"{_label(small_weight)}% {small_ticker} + {_label(100 - small_weight)}% "
                 f"{large_ticker}", small_weight, mix_curve, calendar_days,
                 [(y.year, y.mix_pct, y.partial) for y in year_returns])
    large_only = _stats(f"100% {large_ticker}", 0.0, large_curve, calendar_days,
                        [(y.year, y.large_pct, y.partial) for y in year_returns])
    return MixPortfolio(
        small_ticker=small_ticker,
        large_ticker=large_ticker,
        basis=pair.basis,
        window=window,
        **span.result_fields(),
        calendar_days=calendar_days,
        small_pct=small_weight,
        rebalance_dates=tuple(d.date() for d in days[anchors[1:]]),
        mix=mix,
        large_only=large_only,
        correlation=correlation(s[1:] / s[:-1] - 1.0, lg[1:] / lg[:-1] - 1.0),
        years=tuple(year_returns),
        mix_curve=pd.Series(mix_curve, index=days),
        large_curve=pd.Series(large_curve, index=days),
    )
