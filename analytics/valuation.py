"""P/E spread and discount of small caps against large caps, with its history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from analytics.performance import AnalyticsError


@dataclass(frozen=True)
class PePoint:
    as_of: date
    trailing_pe: float


@dataclass(frozen=True)
class DiscountHistory:
    """Where today's discount sits among the days the cache holds for both sides."""

    days: int
    since: date
    low: float
    high: float
    percentile: float  # share of days with a discount at or below today's, 0..100


@dataclass(frozen=True)
class ValuationSpread:
    small_ticker: str
    large_ticker: str
    small_pe: float
    large_pe: float
    small_as_of: date
    large_as_of: date
    history: DiscountHistory | None  # None until at least two days are cached

    @property
    def spread_turns(self) -> float:
        """Small minus large P/E: negative when small caps are cheaper."""
        return self.small_pe - self.large_pe

    @property
    def discount(self) -> float:
        """1 - small/large: positive when small caps trade at a discount."""
        return pe_discount(self.small_pe, self.large_pe)


def pe_discount(small_pe: float, large_pe: float) -> float:
    """1 - small/large: the one definition of the discount (a fraction; ×100 for %)."""
    return 1.0 - small_pe / large_pe


def discount_history(small_history: Sequence[PePoint], large_history: Sequence[PePoint]
                     ) -> list[tuple[date, float]]:
    """The discount on each day both sides have a snapshot: both P/Es of a point
    describe the same moment."""
    large_by_day = {p.as_of: p.trailing_pe for p in large_history}
    return [(p.as_of, pe_discount(p.trailing_pe, large_by_day[p.as_of]))
            for p in small_history if large_by_day.get(p.as_of)]


def valuation_spread(
    small_ticker: str,
    small_history: Sequence[PePoint],
    large_ticker: str,
    large_history: Sequence[PePoint],
) -> ValuationSpread:
    """Latest P/E of each side, the spread, and the discount's place in its history.

    The history pairs snapshots taken on the same day, so both P/Es of a point
    describe the same moment.
    """
    if not small_history or not large_history:
        missing = small_ticker if not small_history else large_ticker
        raise AnalyticsError("no_valuation", ticker=missing)
    small_now, large_now = small_history[-1], large_history[-1]
    discounts = discount_history(small_history, large_history)
    current = pe_discount(small_now.trailing_pe, large_now.trailing_pe)
    history = None
    if len(discounts) >= 2:
        values = [d for _, d in discounts]
        at_or_below = sum(1 for d in values if d <= current + 1e-12)
        history = DiscountHistory(
            days=len(values),
            since=discounts[0][0],
            low=min(values),
            high=max(values),
            percentile=100.0 * at_or_below / len(values),
        )
    return ValuationSpread(
        small_ticker=small_ticker,
        large_ticker=large_ticker,
        small_pe=small_now.trailing_pe,
        large_pe=large_now.trailing_pe,
        small_as_of=small_now.as_of,
        large_as_of=large_now.as_of,
        history=history,
    )
