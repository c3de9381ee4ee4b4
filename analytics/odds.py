"""How often small beat large over every rolling N-year window, for `/odds`.

A window ends on each common trading day E and starts at the last common close on or
before the same calendar date N years earlier (29 Feb maps to 28 Feb); only windows
whose start target is on or after the first common close count. Windows overlap, so
they are not independent trials. Vectorised: no Python loop over windows. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.performance import AnalyticsError
from analytics.series import aligned_pair

MIN_YEARS, MAX_YEARS = 1, 30


@dataclass(frozen=True)
class WindowGap:
    start_date: date
    end_date: date
    gap_pp: float  # small return minus large return over the window


@dataclass(frozen=True, eq=False)
class RollingOdds:
    small_ticker: str
    large_ticker: str
    basis: str  # 'total' | 'price'
    years: int
    windows: int
    first_date: date  # the first common close (the earliest window's start)
    last_date: date  # the last common close (the latest window's end)
    beat_pct: float  # share of windows with gap > 0, in %
    median_gap_pp: float
    p10_gap_pp: float  # percentiles with linear interpolation
    p90_gap_pp: float
    best: WindowGap
    worst: WindowGap
    latest: WindowGap
    latest_rank: int  # 1 = the best window
    # Against the other windows only (the latest is not one it beats): the share with a
    # smaller gap; the share with a gap at least as large (Korean "상위 7.9%"); and the
    # share with a gap at most as large ("하위 17.6%", said of a latest in the lower half).
    latest_percentile: float | None  # None: the latest is the only window
    latest_top_pct: float | None
    latest_bottom_pct: float | None
    gaps: pd.Series  # gap in pp by window end date


def rolling_odds(
    small_ticker: str,
    small: pd.DataFrame,
    large_ticker: str,
    large: pd.DataFrame,
    years: int = 5,
) -> RollingOdds:
    """Share of rolling `years`-year windows in which small beat large, and the spread."""
    if isinstance(years, bool) or not isinstance(years, int | np.integer) or years < MIN_YEARS:
        raise AnalyticsError("bad_years", years=years, min=MIN_YEARS, max=MAX_YEARS)
    pair = aligned_pair(small_ticker, small, large_ticker, large)
    days = pair.days
    available = round((days[-1] - days[0]).days / 365.25, 1)
    if years > MAX_YEARS:
        raise AnalyticsError("years_too_long", years=years, available_years=available,
                             max=MAX_YEARS)
    targets = days - pd.DateOffset(years=int(years))
    valid = targets >= days[0]
    if not valid.any():
        # `needed_start`: how far back a pair's history must reach for one window.
        raise AnalyticsError("years_too_long", years=years, available_years=available,
                             max=MAX_YEARS, needed_start=targets[-1].date())
    ends = np.flatnonzero(valid)
    starts = days.searchsorted(targets[valid], side="right") - 1
    s, lg = pair.small, pair.large
    gaps = (s[ends] / s[starts] - lg[ends] / lg[starts]) * 100.0

    def window_gap(i: int) -> WindowGap:
        return WindowGap(days[starts[i]].date(), days[ends[i]].date(), float(gaps[i]))

    n = len(gaps)
    latest, others = gaps[-1], gaps[:-1]
    p10, median, p90 = np.percentile(gaps, [10, 50, 90])
    return RollingOdds(
        small_ticker=small_ticker,
        large_ticker=large_ticker,
        basis=pair.basis,
        years=int(years),
        windows=n,
        first_date=days[0].date(),
        last_date=days[-1].date(),
        beat_pct=float((gaps > 0).mean() * 100.0),
        median_gap_pp=float(median),
        p10_gap_pp=float(p10),
        p90_gap_pp=float(p90),
        best=window_gap(int(np.argmax(gaps))),
        worst=window_gap(int(np.argmin(gaps))),
        latest=window_gap(n - 1),
        latest_rank=int((others > latest).sum()) + 1,
        latest_percentile=float((others < latest).mean() * 100.0) if n > 1 else None,
        latest_top_pct=float((others >= latest).mean() * 100.0) if n > 1 else None,
        latest_bottom_pct=float((others <= latest).mean() * 100.0) if n > 1 else None,
        gaps=pd.Series(gaps, index=days[ends]),
    )
