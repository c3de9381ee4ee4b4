"""P/E spread and discount of small caps against large caps, and whether it is unusual.

Each side's P/E comes as one or more series, one per source (Yahoo's daily snapshot, a
user's file, Shiller's monthly S&P 500): a series is never spliced with another, since
two sources compute P/E differently and a splice would show their difference as a move.
Today's figure of a side is its latest; its history is its longest series; the
discount's history pairs one series of each side on the dates both cover (the common
span), by day when both are daily and by calendar month when either is monthly. A fund
with no figures of its own may stand on the index it tracks (SPY on the S&P 500's);
the answer says so.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from analytics.performance import AnalyticsError

# Below this, a percentile describes weeks, not a history: the answer says so.
SHORT_HISTORY = timedelta(days=365)
# Points at least this far apart (median) make a monthly series.
MONTHLY_SPACING_DAYS = 20
# Two histories whose starts differ by more than this are "one long, one short".
ONE_SIDED_GAP = timedelta(days=365)
# A percentile alert needs this many paired points before it says anything.
MIN_PERCENTILE_POINTS = 20


@dataclass(frozen=True)
class PePoint:
    as_of: date
    trailing_pe: float


@dataclass(frozen=True)
class PeSeries:
    """One source's trailing P/E history of one ticker, by date."""

    ticker: str  # whose figures they are: the fund, or the index it tracks
    source: str
    points: tuple[PePoint, ...]

    @property
    def first(self) -> date:
        return self.points[0].as_of

    @property
    def last(self) -> date:
        return self.points[-1].as_of

    @property
    def monthly(self) -> bool:
        if len(self.points) < 2:
            return False
        gaps = [(b.as_of - a.as_of).days for a, b in itertools.pairwise(self.points)]
        return statistics.median(gaps) >= MONTHLY_SPACING_DAYS


@dataclass(frozen=True)
class Placement:
    """Where a value sits in a history of values."""

    value: float
    count: int
    first: date
    last: date
    percentile: float  # share of the history at or below the value, 0..100
    zscore: float | None  # None with under three points or no variation
    low: float
    low_on: date
    high: float
    high_on: date
    monthly: bool

    @property
    def years(self) -> float:
        return (self.last - self.first).days / 365.25

    @property
    def short(self) -> bool:
        """Under a year: a percentile of it is a description of weeks, not a history."""
        return self.last - self.first < SHORT_HISTORY


def place(value: float, history: Sequence[tuple[date, float]], monthly: bool
          ) -> Placement | None:
    """`value` against `history`; None with under two points, where nothing is a rank."""
    if len(history) < 2:
        return None
    values = [v for _, v in history]
    low_on, low = min(history, key=lambda p: p[1])
    high_on, high = max(history, key=lambda p: p[1])
    mean = statistics.fmean(values)
    # the sample standard deviation in floats (statistics.stdev is exact and 30× slower)
    spread = (math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
              if len(values) >= 3 else 0.0)
    return Placement(
        value=value,
        count=len(values),
        first=history[0][0],
        last=history[-1][0],
        percentile=100.0 * sum(1 for v in values if v <= value + 1e-12) / len(values),
        zscore=(value - mean) / spread if spread > 0 else None,
        low=low, low_on=low_on, high=high, high_on=high_on,
        monthly=monthly,
    )


def pe_discount(small_pe: float, large_pe: float) -> float:
    """1 - small/large: the one definition of the discount (a fraction; ×100 for %)."""
    return 1.0 - small_pe / large_pe


@dataclass(frozen=True)
class DiscountPoint:
    day: date
    small_pe: float
    large_pe: float

    @property
    def discount(self) -> float:
        return pe_discount(self.small_pe, self.large_pe)

    @property
    def spread(self) -> float:
        return self.small_pe - self.large_pe


def discount_history(small_history: Sequence[PePoint], large_history: Sequence[PePoint]
                     ) -> list[tuple[date, float]]:
    """The discount on each day both sides have a figure: both P/Es of a point describe
    the same moment."""
    large_by_day = {p.as_of: p.trailing_pe for p in large_history}
    return [(p.as_of, pe_discount(p.trailing_pe, large_by_day[p.as_of]))
            for p in small_history if large_by_day.get(p.as_of)]


def paired(small: PeSeries, large: PeSeries) -> list[DiscountPoint]:
    """Both series on the dates they share: the same day when both are daily, the same
    calendar month (each side's last figure in it) when either is monthly."""
    by_month = small.monthly or large.monthly

    def key(day: date):
        return (day.year, day.month) if by_month else day

    large_at = {key(p.as_of): p for p in large.points}
    small_at = {key(p.as_of): p for p in small.points}
    return [
        DiscountPoint(max(s.as_of, large_at[k].as_of), s.trailing_pe, large_at[k].trailing_pe)
        for k, s in small_at.items() if k in large_at
    ]


@dataclass(frozen=True)
class SideValuation:
    ticker: str  # the side asked for
    now: PePoint  # its latest figure
    now_series: PeSeries  # the series that figure comes from
    history: PeSeries  # its longest series, today's P/E placed in it
    placement: Placement | None

    @property
    def proxy(self) -> str | None:
        """The index whose figure stands for this fund today, or None (its own)."""
        return self.now_series.ticker if self.now_series.ticker != self.ticker else None


@dataclass(frozen=True)
class CommonHistory:
    """The discount over the span both sides' chosen series cover."""

    small: PeSeries
    large: PeSeries
    points: list[DiscountPoint]
    placement: Placement | None  # today's discount in it


@dataclass(frozen=True)
class ValuationSpread:
    small: SideValuation
    large: SideValuation
    common: CommonHistory | None  # None when the two sides share no dates

    small_ticker = property(lambda self: self.small.ticker)
    large_ticker = property(lambda self: self.large.ticker)
    small_pe = property(lambda self: self.small.now.trailing_pe)
    large_pe = property(lambda self: self.large.now.trailing_pe)
    small_as_of = property(lambda self: self.small.now.as_of)
    large_as_of = property(lambda self: self.large.now.as_of)

    @property
    def spread_turns(self) -> float:
        """Small minus large P/E: negative when small caps are cheaper."""
        return self.small_pe - self.large_pe

    @property
    def discount(self) -> float:
        """1 - small/large: positive when small caps trade at a discount."""
        return pe_discount(self.small_pe, self.large_pe)

    @property
    def days_apart(self) -> int:
        """Days between the two P/Es compared today (0: the same day)."""
        return abs((self.small_as_of - self.large_as_of).days)

    @property
    def one_sided(self) -> tuple[SideValuation, SideValuation] | None:
        """(long side, short side) when one side's history starts more than a year
        before the other's, so the discount is compared on the shorter span only."""
        long, short = sorted((self.small, self.large), key=lambda s: s.history.first)
        return (long, short) if short.history.first - long.history.first > ONE_SIDED_GAP else None


def _series_order(ticker: str):
    """Own figures before an index's standing in; then the latest, then the longest."""
    return lambda s: (s.ticker == ticker, s.last, len(s.points))


def _side(ticker: str, candidates: Sequence[PeSeries]) -> SideValuation:
    usable = [s for s in candidates if s.points]
    if not usable:
        raise AnalyticsError("no_valuation", ticker=ticker)
    now_series = max(usable, key=_series_order(ticker))
    history = max(usable, key=lambda s: (len(s.points), s.ticker == ticker, s.last))
    now = now_series.points[-1]
    placement = place(now.trailing_pe, [(p.as_of, p.trailing_pe) for p in history.points],
                      history.monthly)
    return SideValuation(ticker, now, now_series, history, placement)


def common_history(small: Sequence[PeSeries], large: Sequence[PeSeries]
                   ) -> tuple[PeSeries, PeSeries, list[DiscountPoint]] | None:
    """The pair of series, one a side, sharing the most dates (then the latest)."""
    best = None
    for s in small:
        for g in large:
            points = paired(s, g)
            rank = (len(points), points[-1].day if points else date.min)
            if points and (best is None or rank > best[0]):
                best = (rank, s, g, points)
    return None if best is None else (best[1], best[2], best[3])


def valuation_spread(
    small_ticker: str,
    small_candidates: Sequence[PeSeries],
    large_ticker: str,
    large_candidates: Sequence[PeSeries],
) -> ValuationSpread:
    """Latest P/E of each side, the spread, and where each and the discount sit in the
    history held."""
    small, large = _side(small_ticker, small_candidates), _side(large_ticker, large_candidates)
    result = ValuationSpread(small, large, None)
    found = common_history(small_candidates, large_candidates)
    if found is None:
        return result
    s, g, points = found
    placement = place(result.discount, [(p.day, p.discount) for p in points],
                      s.monthly or g.monthly)
    return ValuationSpread(small, large, CommonHistory(s, g, points, placement))


def percentile_series(history: Sequence[DiscountPoint], live: Sequence[DiscountPoint]
                      ) -> list[tuple[date, float]]:
    """The discount's percentile in its own history, as it was known on each date: over
    the history's dates, among the points up to that date (no look-ahead); after the
    history ends, each live point among the whole history. Nothing before
    MIN_PERCENTILE_POINTS points, where a rank says nothing."""
    values: list[float] = []
    out: list[tuple[date, float]] = []
    for point in history:
        values.append(point.discount)
        if len(values) >= MIN_PERCENTILE_POINTS:
            at_or_below = sum(1 for v in values if v <= point.discount + 1e-12)
            out.append((point.day, 100.0 * at_or_below / len(values)))
    if len(values) >= MIN_PERCENTILE_POINTS:
        end = history[-1].day
        for point in live:
            if point.day > end:
                at_or_below = sum(1 for v in values if v <= point.discount + 1e-12)
                out.append((point.day, 100.0 * at_or_below / len(values)))
    return out
