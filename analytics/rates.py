"""How the small/large gap moves with the 10-year yield (^TNX), for `/rates`.

^TNX's close is the yield in percent (4.25 = 4.25 %): a level, never a return. Its
daily change is taken in basis points (1 percentage point = 100 bp). The pair's daily
relative return is the small side's daily return minus the large side's, in pp, in the
pair's basis. Every figure uses the days on which the pair and the yield all have a
close, so the window's first and last close are the same day for all three. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.performance import AnalyticsError
from analytics.series import (
    MIN_OBSERVATIONS,
    Correlation,
    WindowedResult,
    aligned_pair,
    correlation,
    last_position_on_or_before,
    level_series,
    resolve_window,
)
from analytics.windows import Window

YIELD_TICKER = "^TNX"  # the 10-year Treasury yield, in percent
BILL_TICKER = "^IRX"  # the 13-week Treasury bill yield, in percent
# A spell's move is over 3 calendar months, as the "last 3 months" fit and every window
# of the bot: from the last close on or before the same date 3 months earlier.
SPELL_MONTHS = 3
SPELL_THRESHOLD_BP = 25.0
BETA_PER_BP = 10.0  # beta is quoted in pp of relative return per +10 bp
ROLLING_BETA_DAYS = 63  # the chart's rolling beta: 63 trading days, said so on its axis


@dataclass(frozen=True)
class YieldFit:
    """Correlation and beta of daily relative return on daily yield change over a span.
    Both are None below MIN_OBSERVATIONS daily changes, or when the yield never moved."""

    label: str  # 'window', '3m' or '1y'
    start_date: date
    end_date: date
    days: int  # daily observations used
    correlation: Correlation | None
    beta_pp_per_10bp: float | None

    @property
    def relation(self) -> str | None:
        """'positive' or 'negative' when the correlation's 95% interval excludes zero,
        'unclear' when it includes zero, None when there are too few days to say."""
        if self.correlation is None:
            return None
        if not self.correlation.clear:
            return "unclear"
        return "positive" if self.correlation.value > 0 else "negative"


@dataclass(frozen=True)
class YieldSpells:
    """The pair's gap over 3 calendar months ending on days when the yield rose / fell by
    more than 25 bp over the same 3 months. Only moves wholly inside the window count
    (a day whose 3-month look-back starts before the window's first close is left out).
    Consecutive days' moves overlap: the medians describe, they are not independent."""

    months: int
    threshold_bp: float
    days: int  # days classified (rising, falling or neither)
    rising_days: int
    rising_median_gap_pp: float | None
    falling_days: int
    falling_median_gap_pp: float | None


@dataclass(frozen=True)
class CurveSpread:
    """10-year minus 13-week yield at the window's end."""

    as_of: date  # the ^IRX close used (the last on or before the window's end)
    spread_bp: float
    inverted: bool


@dataclass(frozen=True, eq=False)
class RatesSensitivity(WindowedResult):
    yield_ticker: str
    pair_last_date: date  # the pair's last common close (later when the yield ends first)
    yield_start_pct: float
    yield_end_pct: float
    yield_change_bp: float
    fit: YieldFit  # over the window
    fit_3m: YieldFit | None  # the last 3 months to the same end; None: history too short
    fit_1y: YieldFit | None
    spells: YieldSpells
    curve: CurveSpread | None  # None: no ^IRX given or no close on or before the end
    ratio: pd.Series  # SMALL/LARGE over the window
    yield_pct: pd.Series  # ^TNX over the window
    rolling_beta: pd.Series  # 63-day beta, pp per +10 bp; NaN with fewer than 63 days


def _beta(rel_pp: np.ndarray, change_bp: np.ndarray) -> float | None:
    """Least-squares slope of relative return on yield change, per +10 bp; None below
    MIN_OBSERVATIONS or when the yield never moved."""
    if len(rel_pp) < MIN_OBSERVATIONS:
        return None
    x = change_bp - change_bp.mean()
    sxx = float(x @ x)
    if sxx <= 0:
        return None
    return float(x @ (rel_pp - rel_pp.mean())) / sxx * BETA_PER_BP


def _median(values: np.ndarray) -> float | None:
    return float(np.median(values)) if len(values) else None


def _spells(days: pd.DatetimeIndex, s: np.ndarray, lg: np.ndarray, y: np.ndarray,
            start: int, end: int) -> YieldSpells:
    ends = np.arange(start, end + 1)
    targets = days[start:end + 1] - pd.DateOffset(months=SPELL_MONTHS)
    starts = days.searchsorted(targets, side="right") - 1
    inside = starts >= start
    t, a = ends[inside], starts[inside]
    change = (y[t] - y[a]) * 100.0
    gap = (s[t] / s[a] - lg[t] / lg[a]) * 100.0
    rising = change > SPELL_THRESHOLD_BP
    falling = change < -SPELL_THRESHOLD_BP
    return YieldSpells(
        months=SPELL_MONTHS,
        threshold_bp=SPELL_THRESHOLD_BP,
        days=len(change),
        rising_days=int(rising.sum()),
        rising_median_gap_pp=_median(gap[rising]),
        falling_days=int(falling.sum()),
        falling_median_gap_pp=_median(gap[falling]),
    )


def rates_sensitivity(
    small_ticker: str,
    small: pd.DataFrame,
    large_ticker: str,
    large: pd.DataFrame,
    tnx: pd.DataFrame | None,
    window: Window,
    irx: pd.DataFrame | None = None,
) -> RatesSensitivity:
    """The yield's move over the window and how the pair's gap moved with it."""
    pair = aligned_pair(small_ticker, small, large_ticker, large)
    yields = level_series(tnx)
    if yields.empty:
        raise AnalyticsError("no_yield", ticker=YIELD_TICKER)
    yields = yields[~yields.index.duplicated(keep="last")]
    mask = pair.days.isin(yields.index)
    days = pair.days[mask]
    if len(days) < 2:
        raise AnalyticsError("no_yield_data", ticker=YIELD_TICKER,
                             first=yields.index[0].date(), last=yields.index[-1].date())
    s, lg = pair.small[mask], pair.large[mask]
    y = yields.reindex(days).to_numpy(dtype=float)
    try:
        span = resolve_window(days, window)
    except AnalyticsError as exc:
        if exc.code in ("end_before_data", "start_after_data"):
            raise AnalyticsError("no_yield_data", ticker=YIELD_TICKER, first=days[0].date(),
                                 last=days[-1].date()) from None
        raise
    start, end = span.start_pos, span.end_pos

    # Observation i (0-based) is the move from day i to day i + 1.
    rel_pp = (s[1:] / s[:-1] - lg[1:] / lg[:-1]) * 100.0
    change_bp = np.diff(y) * 100.0

    def fit(label: str, first: int) -> YieldFit:
        rel, change = rel_pp[first:end], change_bp[first:end]
        return YieldFit(label, days[first].date(), span.end_date, end - first,
                        correlation(change, rel), _beta(rel, change))

    def trailing(label: str) -> YieldFit | None:
        target = pd.Timestamp(span.end_date) - Window(preset=label).offset
        if target < days[0]:
            return None
        return fit(label, last_position_on_or_before(days, target))

    rel_series, change_series = pd.Series(rel_pp), pd.Series(change_bp)
    n = ROLLING_BETA_DAYS
    rolling = (rel_series.rolling(n).cov(change_series)
               / change_series.rolling(n).var()).to_numpy() * BETA_PER_BP
    rolling[~np.isfinite(rolling)] = np.nan
    beta_by_day = np.concatenate([[np.nan], rolling])  # day i ends observation i - 1
    window_days = days[start:end + 1]

    return RatesSensitivity(
        small_ticker=small_ticker,
        large_ticker=large_ticker,
        yield_ticker=YIELD_TICKER,
        pair_last_date=pair.days[-1].date(),
        basis=pair.basis,
        window=window,
        **span.result_fields(),
        yield_start_pct=float(y[start]),
        yield_end_pct=float(y[end]),
        yield_change_bp=float((y[end] - y[start]) * 100.0),
        fit=fit("window", start),
        fit_3m=trailing("3m"),
        fit_1y=trailing("1y"),
        spells=_spells(days, s, lg, y, start, end),
        curve=_curve(irx, span.end_date, float(y[end])),
        ratio=pd.Series(s[start:end + 1] / lg[start:end + 1], index=window_days),
        yield_pct=pd.Series(y[start:end + 1], index=window_days),
        rolling_beta=pd.Series(beta_by_day[start:end + 1], index=window_days),
    )


def _curve(irx: pd.DataFrame | None, end: date, ten_year: float) -> CurveSpread | None:
    bills = level_series(irx)
    if bills.empty:
        return None
    pos = last_position_on_or_before(pd.DatetimeIndex(bills.index), end)
    if pos < 0:
        return None
    three_month = float(bills.iloc[pos])
    spread = (ten_year - three_month) * 100.0
    return CurveSpread(bills.index[pos].date(), spread, spread < 0)
