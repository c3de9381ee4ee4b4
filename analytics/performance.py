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
    start_date: date  # the close the headline basis starts from (same day for both sides)
    end_date: date
    requested_start: date
    truncated: bool  # the data begins after the requested start
    # Each basis is measured over its own closes: raw and adjusted series can end on
    # different days, and a total return must not stop where the raw closes stop.
    price_span: tuple[date, date] | None = None
    total_span: tuple[date, date] | None = None

    def span(self, basis: str) -> tuple[date, date]:
        """(start, end) of the closes a basis was measured between."""
        chosen = self.total_span if basis == "total" else self.price_span
        return chosen or (self.start_date, self.end_date)

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
        values = frame[column] if column in frame else pd.Series(dtype=float)
        return frame.index[values.notna() & (values > 0)]

    return pd.DatetimeIndex(usable(small).intersection(usable(large)))


def _resolve(days: pd.DatetimeIndex, window: Window
             ) -> tuple[pd.Timestamp, pd.Timestamp, date, bool]:
    """(first close, last close, requested start, truncated) of the window over `days`:
    the last close on or before the start target, and on or before the end target."""
    first, last = days[0].date(), days[-1].date()
    start_target, end_target = window.bounds(last_close=last, first_close=first)
    if start_target > last:
        raise AnalyticsError("start_after_data", start=start_target, last=last)
    end_pos = days.searchsorted(pd.Timestamp(end_target), side="right") - 1
    if end_pos < 0:
        raise AnalyticsError("end_before_data", end=end_target, first=first)
    start_pos = days.searchsorted(pd.Timestamp(start_target), side="right") - 1
    truncated = start_pos < 0
    start_pos = max(start_pos, 0)
    if start_pos >= end_pos:
        raise AnalyticsError("window_too_short", start=days[start_pos].date(),
                             end=days[end_pos].date())
    return days[start_pos], days[end_pos], start_target, truncated


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
    """Price and total return of both sides over the same closes.

    Both sides are measured between the same two trading days of each basis: the last
    common close on or before the window's start, and the last on or before its end.
    Series that end on different days are compared up to the earlier end. Each basis
    uses its own closes, so a raw series ending days before its adjusted twin shortens
    the price return only; the headline dates are those of the total return where both
    sides have one.
    """
    if window.end is not None and window.start is not None and window.end <= window.start:
        raise AnalyticsError("end_before_start", start=window.start, end=window.end)
    spans: dict[str, tuple] = {}
    refusals: list[AnalyticsError] = []
    for basis, column in (("total", "adj_close"), ("price", "close")):
        days = _basis_days(small_ticker, small, large_ticker, large, column)
        if len(days) < 2:
            continue
        try:
            spans[basis] = _resolve(days, window)
        except AnalyticsError as exc:
            refusals.append(exc)
    if not spans:
        if refusals:
            raise refusals[-1]
        raise AnalyticsError("no_overlap", small=small_ticker, large=large_ticker)
    headline = spans.get("total") or spans["price"]
    price = spans.get("price")
    if price is not None and price is not headline and price[3] and not headline[3]:
        # Raw closes starting after the window's start would measure a shorter window
        # beside the headline one: that basis is left out (the answer says so).
        del spans["price"]

    def side(ticker: str, frame: pd.DataFrame) -> SideReturn:
        price, total = spans.get("price"), spans.get("total")
        return SideReturn(
            ticker=ticker,
            price=_basis(frame, "close", price[0], price[1]) if price else None,
            total=_basis(frame, "adj_close", total[0], total[1]) if total else None,
            is_index=is_price_index(ticker),
        )

    def dates(basis: str) -> tuple[date, date] | None:
        span = spans.get(basis)
        return (span[0].date(), span[1].date()) if span else None

    return RelativePerformance(
        small=side(small_ticker, small),
        large=side(large_ticker, large),
        window=window,
        start_date=headline[0].date(),
        end_date=headline[1].date(),
        requested_start=headline[2],
        truncated=headline[3] and window.preset != "max",
        price_span=dates("price"),
        total_span=dates("total"),
    )
