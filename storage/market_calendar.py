"""The NYSE calendar: which daily closes can exist. One calendar serves the CSV import
(refusing bars on days without a session) and the market data service (knowing when a
newer close can exist), so both agree on holidays and half days."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

import pandas as pd

EARLIEST_DAY = date(1900, 1, 1)  # no daily closes before it


@cache
def nyse():
    # Loading a calendar takes ~0.1 s: once per process, and only when first needed. Its
    # default range starts 20 years back; imports go back to 1990 and beyond, and
    # exchange_calendars knows NYSE holidays far earlier, so it starts in 1900.
    import exchange_calendars

    return exchange_calendars.get_calendar("XNYS", start=EARLIEST_DAY.isoformat())


@cache
def nyse_sessions() -> frozenset[date]:
    return frozenset(nyse().sessions.date)


def latest_session_close(now: datetime) -> date:
    """The NYSE session whose close is the latest at `now` (holidays and half days
    included), i.e. the newest daily bar that can exist."""
    # Searched in the sessions' close times: the calendar's minute-by-minute queries
    # would build an index of every trading minute since 1900 (hundreds of MB).
    closes = nyse().closes
    position = closes.searchsorted(pd.Timestamp(now).tz_convert("UTC").floor("min"),
                                   side="right") - 1
    return closes.index[position].date()
