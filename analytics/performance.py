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
class OwnSpan:
    """A basis measured over its own closes, because it has no closes on the headline's
    two days (raw and adjusted series start and end on different days): stated on a line
    of its own, never in the table beside figures of another span."""

    basis: str  # 'total' | 'price'
    start_date: date
    end_date: date
    trading_days: int
    small: Basis
    large: Basis

    @property
    def gap_pp(self) -> float:
        return _gap_pp(self.small, self.large)


@dataclass(frozen=True)
class RelativePerformance:
    """Both sides' price and total return between the same two closes (the headline
    basis's), so every figure of the table covers one span."""

    small: SideReturn
    large: SideReturn
    window: Window
    basis: str  # the headline basis, whose common closes set the span
    start_date: date
    end_date: date
    trading_days: int  # daily returns between the two closes
    requested_start: date
    truncated: bool  # the data begins after the requested start
    other: OwnSpan | None = None  # the other basis over its own span, when not over this one

    def span(self, basis: str | None = None) -> tuple[date, date]:
        """(start, end) of the closes every figure of the table is measured between."""
        return self.start_date, self.end_date

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


def _basis_days(small_ticker: str, small: pd.DataFrame, large_ticker: str,
                large: pd.DataFrame, column: str) -> pd.DatetimeIndex:
    """Days on which both sides have a usable close of this basis (an index has no
    total return: its 'adjusted' close is the price)."""
    if column == "adj_close" and (is_price_index(small_ticker) or is_price_index(large_ticker)):
        return pd.DatetimeIndex([])

    def usable(frame: pd.DataFrame) -> pd.Index:
        if column not in frame.columns:
            return frame.index[:0]
        values = frame[column]
        return frame.index[values.notna() & (values > 0)]

    return pd.DatetimeIndex(usable(small).intersection(usable(large)))


def no_data_after(window: Window, start: date, last: date) -> AnalyticsError:
    """The data ends before the window starts; for `ytd`, say it of the year asked."""
    if window.preset == "ytd":
        return AnalyticsError("no_data_this_year", year=start.year + 1, last=last,
                              last_year=last.year)
    return AnalyticsError("start_after_data", start=start, last=last)


def _resolve(days: pd.DatetimeIndex, window: Window
             ) -> tuple[int, int, date, bool]:
    """(first position, last position, requested start, truncated) of the window over
    `days`: the last close on or before the start target, and on or before the end target."""
    first, last = days[0].date(), days[-1].date()
    start_target, end_target = window.bounds(last_close=last, first_close=first)
    # ytd on data that ends on last year's last close has no close of this year either.
    if start_target > last or (window.preset == "ytd" and start_target >= last):
        raise no_data_after(window, start_target, last)
    end_pos = int(days.searchsorted(pd.Timestamp(end_target), side="right")) - 1
    if end_pos < 0:
        raise AnalyticsError("end_before_data", end=end_target, first=first)
    start_pos = int(days.searchsorted(pd.Timestamp(start_target), side="right")) - 1
    truncated = start_pos < 0
    start_pos = max(start_pos, 0)
    if start_pos >= end_pos:
        raise AnalyticsError("window_too_short", start=days[start_pos].date(),
                             end=days[end_pos].date())
    return start_pos, end_pos, start_target, truncated


def _basis(frame: pd.DataFrame, column: str, start: pd.Timestamp, end: pd.Timestamp):
    if column not in frame.columns or start not in frame.index or end not in frame.index:
        return None
    first, last = frame.at[start, column], frame.at[end, column]
    if pd.isna(first) or pd.isna(last) or first <= 0 or last <= 0:
        return None
    return Basis(float(first), float(last))


_COLUMNS = {"total": "adj_close", "price": "close"}


def _other_basis(basis: str) -> str:
    return "price" if basis == "total" else "total"


def relative_performance(
    small_ticker: str,
    small: pd.DataFrame,
    large_ticker: str,
    large: pd.DataFrame,
    window: Window,
    basis: str = "total",
) -> RelativePerformance:
    """Price and total return of both sides between the same two closes.

    The span is set by the headline `basis` (total return unless the reader chose price,
    or a side has no adjusted closes): the last common close on or before the window's
    start, and the last on or before its end. Every side and basis with closes on those
    two days is measured between them; series that end on different days are compared up
    to the earlier end. When the other basis has no closes on those days (raw closes
    that stop two weeks before the adjusted ones, or start years later), it is measured
    over its own common closes and returned apart (`other`), so a table never puts two
    spans side by side.
    """
    _refuse_reversed_dates(window)
    days = {b: _basis_days(small_ticker, small, large_ticker, large, column)
            for b, column in _COLUMNS.items()}
    headline, (start_pos, end_pos, requested_start, truncated) = _headline_span(
        days, basis, window, small_ticker, large_ticker)
    start, end = days[headline][start_pos], days[headline][end_pos]
    small_side = _side(small_ticker, small, start, end)
    large_side = _side(large_ticker, large, start, end)
    return RelativePerformance(
        small=small_side,
        large=large_side,
        window=window,
        basis=headline,
        start_date=start.date(),
        end_date=end.date(),
        trading_days=end_pos - start_pos,
        requested_start=requested_start,
        # `max` asks for all the data there is, so starting at its first close is not short.
        truncated=truncated and window.preset != "max",
        other=_other_span(_other_basis(headline), days, window, small_side, large_side,
                          small, large),
    )


def _refuse_reversed_dates(window: Window) -> None:
    """Explicit dates the wrong way round are the reader's slip, told before any data
    is looked at."""
    if window.end is not None and window.start is not None and window.end <= window.start:
        raise AnalyticsError("end_before_start", start=window.start, end=window.end)


def _headline_span(days: dict[str, pd.DatetimeIndex], basis: str, window: Window,
                   small_ticker: str, large_ticker: str
                   ) -> tuple[str, tuple[int, int, date, bool]]:
    """The basis that heads the table and its resolved window: the one asked for when it
    has two common closes and covers the window, else the other one. The first basis's
    refusal stands when the other has nothing to offer instead."""
    usable = [b for b in (basis, _other_basis(basis)) if len(days[b]) >= 2]
    if not usable:
        raise AnalyticsError("no_overlap", small=small_ticker, large=large_ticker)
    try:
        return usable[0], _resolve(days[usable[0]], window)
    except AnalyticsError:
        if len(usable) < 2:
            raise
        # E.g. adjusted closes that end before the window starts while raw closes go on.
        return usable[1], _resolve(days[usable[1]], window)


def _side(ticker: str, frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp
          ) -> SideReturn:
    """One side's returns between the headline's two closes (an index has no total
    return: its 'adjusted' close is the price)."""
    index = is_price_index(ticker)
    return SideReturn(
        ticker=ticker,
        price=_basis(frame, "close", start, end),
        total=None if index else _basis(frame, "adj_close", start, end),
        is_index=index,
    )


def _other_span(other_basis: str, days: dict[str, pd.DatetimeIndex], window: Window,
                small_side: SideReturn, large_side: SideReturn, small: pd.DataFrame,
                large: pd.DataFrame) -> OwnSpan | None:
    """The non-headline basis over its own closes, only when it could not be measured
    on both sides over the headline's span (else the table already holds it)."""
    # SideReturn names its bases after them: `price` and `total`.
    measured = (getattr(small_side, other_basis) is not None
                and getattr(large_side, other_basis) is not None)
    if measured or len(days[other_basis]) < 2:
        return None
    return _own_span(other_basis, days[other_basis], window, small, large)


def _own_span(basis: str, days: pd.DatetimeIndex, window: Window, small: pd.DataFrame,
              large: pd.DataFrame) -> OwnSpan | None:
    """The basis over the window resolved on its own common closes (None when the
    window has no two such closes)."""
    try:
        start_pos, end_pos, _, _ = _resolve(days, window)
    except AnalyticsError:
        return None
    start, end = days[start_pos], days[end_pos]
    column = _COLUMNS[basis]
    return OwnSpan(basis=basis, start_date=start.date(), end_date=end.date(),
                   trading_days=end_pos - start_pos,
                   small=_basis(small, column, start, end), large=_basis(large, column, start, end))
