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
    WindowedResult,
    aligned_pair,
    last_position_on_or_before,
    level_series,
    resolve_window,
)
from analytics.windows import Window

YIELD_TICKER = "^TNX"  # the 10-year Treasury yield, in percent
BILL_TICKER = "^IRX"  # the 13-week Treasury bill yield, in percent
SPELL_LOOKBACK_DAYS = 63  # about three months of trading days
SPELL_THRESHOLD_BP = 25.0
BETA_PER_BP = 10.0  # beta is quoted in pp of relative return per +10 bp
ROLLING_BETA_DAYS = 63
_MIN_FIT_DAYS = 3


@dataclass(frozen=True)
class YieldFit:
    """Correlation and beta of daily relative return on daily yield change over a span."""

    label: str  # 'window', '3m' or '1y'
    start_date: date
    end_date: date
    days: int  # daily observations used
    correlation: float | None  # None: too few days, or the yield never moved
    beta_pp_per_10bp: float | None


@dataclass(frozen=True)
class YieldSpells:
    """The pair's 3-month gap on days after the yield rose / fell by more than 25 bp
    over the same 3 months (63 trading days). Days inside the window whose look-back
    has 63 trading days of history (it may reach back before the window's start)."""

    lookback_days: int
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
    ten_year_pct: float
    three_month_pct: float
    spread_bp: float
    inverted: bool


@dataclass(frozen=True, eq=False)
class RatesSensitivity(WindowedResult):
    yield_ticker: str
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


def _fit(rel_pp: np.ndarray, change_bp: np.ndarray) -> tuple[float | None, float | None]:
    if len(rel_pp) < _MIN_FIT_DAYS:
        return None, None
    x = change_bp - change_bp.mean()
    y = rel_pp - rel_pp.mean()
    sxx, syy, sxy = float(x @ x), float(y @ y), float(x @ y)
    if sxx <= 0:
        return None, None
    beta = sxy / sxx * BETA_PER_BP
    correlation = float(sxy / np.sqrt(sxx * syy)) if syy > 0 else None
    return correlation, beta


def _median(values: np.ndarray) -> float | None:
    return float(np.median(values)) if len(values) else None


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
        raise AnalyticsError("no_yield_data", ticker=YIELD_TICKER)
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
        corr, beta = _fit(rel_pp[first:end], change_bp[first:end])
        return YieldFit(label, days[first].date(), span.end_date, end - first, corr, beta)

    def trailing(label: str) -> YieldFit | None:
        target = pd.Timestamp(span.end_date) - Window(preset=label).offset
        if target < days[0]:
            return None
        return fit(label, last_position_on_or_before(days, target))

    lb = SPELL_LOOKBACK_DAYS
    first_t = max(start, lb)
    if first_t <= end:
        t = np.arange(first_t, end + 1)
        change_3m = (y[t] - y[t - lb]) * 100.0
        gap_3m = (s[t] / s[t - lb] - lg[t] / lg[t - lb]) * 100.0
    else:
        change_3m = gap_3m = np.empty(0)
    rising = change_3m > SPELL_THRESHOLD_BP
    falling = change_3m < -SPELL_THRESHOLD_BP
    spells = YieldSpells(
        lookback_days=lb,
        threshold_bp=SPELL_THRESHOLD_BP,
        days=len(change_3m),
        rising_days=int(rising.sum()),
        rising_median_gap_pp=_median(gap_3m[rising]),
        falling_days=int(falling.sum()),
        falling_median_gap_pp=_median(gap_3m[falling]),
    )

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
        basis=pair.basis,
        window=window,
        **span.result_fields(),
        yield_start_pct=float(y[start]),
        yield_end_pct=float(y[end]),
        yield_change_bp=float((y[end] - y[start]) * 100.0),
        fit=fit("window", start),
        fit_3m=trailing("3m"),
        fit_1y=trailing("1y"),
        spells=spells,
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
    return CurveSpread(bills.index[pos].date(), ten_year, three_month, spread, spread < 0)
