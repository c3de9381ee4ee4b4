"""Aligning a small/large pair on its common trading days, and resolving a window on them.

Shared by the debate analytics (rates, drawdowns, events, odds, mix). The basis rule:
total return (adjusted closes) when both sides have it, else price return (unadjusted
closes); an index (`^RUT`) has price return only. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.performance import AnalyticsError, is_price_index, no_data_after
from analytics.windows import Window

BASIS_COLUMNS = {"total": "adj_close", "price": "close"}


@dataclass(frozen=True, eq=False)
class AlignedPair:
    """Both sides' closes in one basis, on the days both have a positive close."""

    small_ticker: str
    large_ticker: str
    basis: str  # 'total' | 'price'
    days: pd.DatetimeIndex
    small: np.ndarray
    large: np.ndarray

    def __len__(self) -> int:
        return len(self.days)


@dataclass(frozen=True, eq=False)
class WindowedResult:
    """What every answer over a window of a pair states: the pair, the basis, and the
    closes it was measured between (`WindowSpan.result_fields`)."""

    small_ticker: str
    large_ticker: str
    basis: str  # 'total' | 'price'
    window: Window
    start_date: date
    end_date: date
    trading_days: int
    requested_start: date
    truncated: bool  # the data begins after the requested start
    data_end_date: date  # the last close the data holds (the window may end before it)

    @property
    def closed(self) -> bool:
        """The window ended before the data does (`/drawdown 2022-01-01 2022-12-31`): a
        question about then, which newer data cannot make stale."""
        return self.end_date < self.data_end_date


@dataclass(frozen=True)
class WindowSpan:
    """Positions (into the aligned days) of a window's first and last close."""

    start_pos: int
    end_pos: int
    start_date: date
    end_date: date
    requested_start: date
    truncated: bool  # the data begins after the requested start
    data_end_date: date  # the last of the days the window was resolved on

    @property
    def trading_days(self) -> int:
        """Trading days from the first close to the last (daily returns in the window)."""
        return self.end_pos - self.start_pos

    def result_fields(self) -> dict:
        """The window fields every windowed result states (its dates, trading days,
        the start asked for, whether the data cut it short and where the data ends)."""
        return {"start_date": self.start_date, "end_date": self.end_date,
                "trading_days": self.trading_days, "requested_start": self.requested_start,
                "truncated": self.truncated, "data_end_date": self.data_end_date}


def _column(frame: pd.DataFrame | None, column: str) -> pd.Series:
    if frame is None or column not in frame.columns:
        return pd.Series(dtype=float)
    series = frame[column]
    if not isinstance(series.index, pd.DatetimeIndex):
        series = series.set_axis(pd.to_datetime(series.index))
    return series.astype(float)


def _has_total(ticker: str, frame: pd.DataFrame | None) -> bool:
    return not is_price_index(ticker) and _column(frame, "adj_close").notna().any()


def pair_basis(small_ticker: str, small: pd.DataFrame, large_ticker: str,
               large: pd.DataFrame) -> str:
    """'total' when both sides have adjusted closes (and neither is an index), else 'price'."""
    both = _has_total(small_ticker, small) and _has_total(large_ticker, large)
    return "total" if both else "price"


def aligned_pair(small_ticker: str, small: pd.DataFrame, large_ticker: str,
                 large: pd.DataFrame, basis: str | None = None) -> AlignedPair:
    """The pair on its common days in the pair's basis; 'no_overlap' below two such days."""
    basis = basis or pair_basis(small_ticker, small, large_ticker, large)
    column = BASIS_COLUMNS[basis]
    joined = pd.concat([_column(small, column), _column(large, column)], axis=1,
                       keys=["s", "l"], sort=True).dropna()
    joined = joined[(joined["s"] > 0) & (joined["l"] > 0)]
    if len(joined) < 2:
        raise AnalyticsError("no_overlap", small=small_ticker, large=large_ticker)
    return AlignedPair(
        small_ticker=small_ticker,
        large_ticker=large_ticker,
        basis=basis,
        days=pd.DatetimeIndex(joined.index),
        small=joined["s"].to_numpy(dtype=float),
        large=joined["l"].to_numpy(dtype=float),
    )


def level_series(frame: pd.DataFrame | None) -> pd.Series:
    """A level such as a yield (percent) from a frame's `close`, gaps dropped."""
    return _column(frame, "close").dropna().sort_index()


def last_position_on_or_before(days: pd.DatetimeIndex, day: date | pd.Timestamp) -> int:
    """Position of the last day on or before `day`, or -1 when every day is later."""
    return int(days.searchsorted(pd.Timestamp(day), side="right")) - 1


def resolve_window(days: pd.DatetimeIndex, window: Window) -> WindowSpan:
    """The window's first close (the last close on or before its start target) and last
    close (the last on or before its end target), as positions into `days`."""
    first, last = days[0].date(), days[-1].date()
    if window.end is not None and window.start is not None and window.end <= window.start:
        raise AnalyticsError("end_before_start", start=window.start, end=window.end)
    start_target, end_target = window.bounds(last_close=last, first_close=first)
    # ytd on data that ends on last year's last close has no close of this year either.
    if start_target > last or (window.preset == "ytd" and start_target >= last):
        raise no_data_after(window, start_target, last)
    end_pos = last_position_on_or_before(days, end_target)
    if end_pos < 0:
        raise AnalyticsError("end_before_data", end=end_target, first=first)
    start_pos = last_position_on_or_before(days, start_target)
    truncated = start_pos < 0 and window.preset != "max"
    start_pos = max(start_pos, 0)
    if start_pos >= end_pos:
        raise AnalyticsError("window_too_short", start=days[start_pos].date(),
                             end=days[end_pos].date())
    return WindowSpan(
        start_pos=start_pos,
        end_pos=end_pos,
        start_date=days[start_pos].date(),
        end_date=days[end_pos].date(),
        requested_start=start_target,
        truncated=truncated,
        data_end_date=last,
    )


# -- how much a correlation over daily observations can say ------------------------------------

# Below this many daily observations (about three months of trading days) a correlation
# is not read at all: its 95% interval would span about ±0.25 around any value.
MIN_OBSERVATIONS = 60
_Z_95 = 1.959963984540054  # the standard normal's 97.5th percentile


@dataclass(frozen=True)
class Correlation:
    """A Pearson correlation with its 95% confidence interval (Fisher z: atanh(r) is
    about normal with standard error 1/sqrt(n − 3) for independent pairs; daily
    changes do not overlap, so each day is one observation)."""

    value: float
    low: float
    high: float
    observations: int

    @property
    def clear(self) -> bool:
        """The interval excludes zero: a relation the data can tell from none."""
        return self.low > 0 or self.high < 0


def correlation(a: np.ndarray, b: np.ndarray) -> Correlation | None:
    """The correlation of two daily series with its interval; None below
    MIN_OBSERVATIONS or when either side never moved."""
    n = len(a)
    if n < MIN_OBSERVATIONS or np.std(a) == 0 or np.std(b) == 0:
        return None
    r = float(np.corrcoef(a, b)[0, 1])
    z, se = np.arctanh(np.clip(r, -0.999999, 0.999999)), 1.0 / np.sqrt(n - 3)
    return Correlation(r, float(np.tanh(z - _Z_95 * se)), float(np.tanh(z + _Z_95 * se)), n)
