"""What each fund tracks, and which pairs of the same indices reach back far enough.

VTWO and IWM both track the Russell 2000 (`^RUT`); SPY, VOO and IVV the S&P 500
(`^GSPC`). When the chat's pair is too young for a question (`/odds 5y` on VTWO's 2.9
years, `/event covid`), a pair tracking the same two indices with a longer history can
answer it. Pure: the callers pass in the first cached close of each ticker.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from analytics.performance import is_price_index

# ticker -> the index it tracks (an index tracks itself)
TRACKED_INDEX: dict[str, str] = {
    "^RUT": "^RUT", "VTWO": "^RUT", "IWM": "^RUT",
    "^GSPC": "^GSPC", "SPY": "^GSPC", "VOO": "^GSPC", "IVV": "^GSPC",
}
# A window starts at the last close on or before its start date; a series whose first
# close falls within a long weekend after that date (1990-01-02 for "since 1990")
# covers it for any reader.
COVER_SLACK = timedelta(days=4)


def tracked_index(ticker: str) -> str | None:
    return TRACKED_INDEX.get(ticker.upper())


def trackers(index: str) -> list[str]:
    """Every ticker tracking `index`, funds first (they have total return), in table order."""
    tickers = [t for t, tracked in TRACKED_INDEX.items() if tracked == index]
    return sorted(tickers, key=is_price_index)


def covering_pairs(small: str, large: str, needed_start: date,
                   first_dates: Mapping[str, date]) -> list[tuple[str, str]]:
    """Pairs other than `small large` tracking the same two indices whose cached history
    (`first_dates`: each ticker's first close) reaches back to `needed_start`. A pair is
    two funds or two indices, never a fund against an index (total return against
    price return); pairs of funds come first. Empty when either side tracks no known
    index."""
    small_index, large_index = tracked_index(small), tracked_index(large)
    if small_index is None or large_index is None:
        return []
    pairs = []
    for s in trackers(small_index):
        for lg in trackers(large_index):
            if (s, lg) == (small.upper(), large.upper()) or is_price_index(s) != is_price_index(lg):
                continue
            first = max(first_dates.get(s, date.max), first_dates.get(lg, date.max))
            if first <= needed_start + COVER_SLACK:
                pairs.append((s, lg))
    return sorted(pairs, key=lambda pair: is_price_index(pair[0]))
