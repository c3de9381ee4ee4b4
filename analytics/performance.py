"""Relative performance of a small-cap series against a large-cap series.

Pure functions over daily close frames (index: dates; columns `close` for price
return, `adj_close` for total return). No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.windows import Window


class AnalyticsError(Exception):
    """The question cannot be answered from the data; `code` names the reason for
    rendering and `details` carries the values the message needs."""

    def __init__(self, code: str, **details):
        super().__init__(code, details)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class Basis:
    """One basis (price or total return) of one side."""

    start_value: float
    end_value: float

    @property
    def ret(self) -> float:
        return self.end_value / self.start_value - 1.0


@dataclass(frozen=True)
class SideReturn:
    ticker: str
    price: Basis | None  # None: no unadjusted close at one of the two dates
    total: Basis | None  # None: no adjusted close, or a price index (no dividends)
    is_index: bool


@dataclass(frozen=True)
class RelativePerformance:
    small: SideReturn
    large: SideReturn
    window: Window
    start_date: date  # the close the window starts from (same day for both sides)
    end_date: date
    requested_start: date
    truncated: bool  # the data begins after the requested start

    @property
    def price_gap_pp(self) -> float | None:
        return _gap_pp(self.small.price, self.large.price)

    @property
    def total_gap_pp(self) -> float | None:
        return _gap_pp(self.small.total, self.large.total)

    @property
    def price_ratio_change(self) -> float | None:
        """Change of the SMALL/LARGE price ratio over the window: (1+rs)/(1+rl) - 1."""
        return _ratio_change(self.small.price, self.large.price)

    @property
    def total_ratio_change(self) -> float | None:
        return _ratio_change(self.small.total, self.large.total)


def _gap_pp(small: Basis | None, large: Basis | None) -> float | None:
    if small is None or large is None:
        return None
    return (small.ret - large.ret) * 100.0


def _ratio_change(small: Basis | None, large: Basis | None) -> float | None:
    if small is None or large is None:
        return None
    return (small.end_value / large.end_value) / (small.start_value / large.start_value) - 1.0


# Yahoo's Treasury yield symbols: levels in percent, which have no "return".
YIELD_TICKERS = frozenset({"^IRX", "^FVX", "^TNX", "^TYX"})


def is_yield(ticker: str) -> bool:
    return ticker.upper() in YIELD_TICKERS


def is_price_index(ticker: str) -> bool:
    """Yahoo index symbols start with ^; their 'adjusted' close is the price itself."""
    return ticker.startswith("^")


def _usable(frame: pd.DataFrame) -> pd.Index:
    """Days with at least one close; float noise and gaps are real-data facts."""
    return frame.index[frame["close"].notna() | frame["adj_close"].notna()]


def _complete(frame: pd.DataFrame, ticker: str) -> pd.Index:
    """Days carrying every basis this series has at all (an index has no total return)."""
    columns = ["close"] if is_price_index(ticker) else ["close", "adj_close"]
    present = [c for c in columns if frame[c].notna().any()]
    return frame.index[frame[present].notna().all(axis=1)] if present else frame.index[:0]


def _basis(frame: pd.DataFrame, column: str, start: pd.Timestamp, end: pd.Timestamp):
    first, last = frame.at[start, column], frame.at[end, column]
    if pd.isna(first) or pd.isna(last) or first <= 0 or last <= 0:
        return None
    return Basis(float(first), float(last))


def relative_performance(
    small_ticker: str,
    small: pd.DataFrame,
    large_ticker: str,
    large: pd.DataFrame,
    window: Window,
) -> RelativePerformance:
    """Price and total return of both sides over the same two closes.

    Both sides are measured between the same two trading days: the last common close
    on or before the window's start, and the last common close on or before its end.
    Series that end on different days are therefore compared up to the earlier end,
    and the end prefers a day on which every basis of both sides is present, so a
    raw-close series ending a few days before its adjusted twin does not blank out
    the price return.
    """
    common = _usable(small).intersection(_usable(large))
    complete = _complete(small, small_ticker).intersection(_complete(large, large_ticker))
    if len(common) < 2:
        raise AnalyticsError(
            "no_overlap", small=small_ticker, large=large_ticker,
        )
    first_common, last_common = common[0].date(), common[-1].date()
    newest = (complete if len(complete) else common)[-1].date()
    start_target, end_target = window.bounds(last_close=newest, first_close=first_common)
    if window.end is not None and window.start is not None and window.end <= window.start:
        raise AnalyticsError("end_before_start", start=window.start, end=window.end)
    if start_target > last_common:
        raise AnalyticsError("start_after_data", start=start_target, last=last_common)

    end_pos = common.searchsorted(pd.Timestamp(end_target), side="right") - 1
    complete_end = complete.searchsorted(pd.Timestamp(end_target), side="right") - 1
    if complete_end >= 0:
        end_pos = common.get_loc(complete[complete_end])
    if end_pos < 0:
        raise AnalyticsError("end_before_data", end=end_target, first=first_common)
    start_pos = common.searchsorted(pd.Timestamp(start_target), side="right") - 1
    truncated = start_pos < 0
    start_pos = max(start_pos, 0)
    if start_pos >= end_pos:
        raise AnalyticsError(
            "window_too_short", start=common[start_pos].date(), end=common[end_pos].date()
        )
    start_ts, end_ts = common[start_pos], common[end_pos]

    def side(ticker: str, frame: pd.DataFrame) -> SideReturn:
        index = is_price_index(ticker)
        return SideReturn(
            ticker=ticker,
            price=_basis(frame, "close", start_ts, end_ts),
            total=None if index else _basis(frame, "adj_close", start_ts, end_ts),
            is_index=index,
        )

    return RelativePerformance(
        small=side(small_ticker, small),
        large=side(large_ticker, large),
        window=window,
        start_date=start_ts.date(),
        end_date=end_ts.date(),
        requested_start=start_target,
        truncated=truncated and window.preset != "max",
    )
