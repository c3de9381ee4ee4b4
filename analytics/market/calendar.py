"""The NYSE calendar: which daily closes can exist. One calendar serves the CSV import
(refusing bars on days without a session) and the market data service (knowing when a
newer close can exist), so both agree on holidays and half days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

import pandas as pd

EARLIEST_DAY = date(1900, 1, 1)  # no daily closes before it


@cache
def _calendar(start: date, end: date | None = None):
    # Loaded once per process, and only when first needed.
    import exchange_calendars

    return exchange_calendars.get_calendar(
        "XNYS", start=start.isoformat(), end=end.isoformat() if end else None)


def nyse():
    """Every NYSE session since 1900: imports go back to 1990 and beyond, and
    exchange_calendars knows NYSE holidays far earlier (its default starts 20 years back)."""
    return _calendar(EARLIEST_DAY)


def _recent_nyse():
    # "Which close is the latest now" is asked by every answer: a calendar of four months
    # around today is built in a fraction of the time of one since 1900 (its holiday
    # rules are evaluated year by year). Moments outside it use the full calendar.
    today = date.today()
    return _calendar(today - timedelta(days=62), today + timedelta(days=62))


@cache
def nyse_sessions() -> frozenset[date]:
    return frozenset(nyse().sessions.date)


def latest_session_close(now: datetime) -> date:
    """The NYSE session whose close is the latest at `now` (holidays and half days
    included), i.e. the newest daily bar that can exist."""
    # Searched in the sessions' close times: the calendar's minute-by-minute queries
    # would build an index of every trading minute since 1900 (hundreds of MB).
    minute = pd.Timestamp(now).tz_convert("UTC").floor("min")
    closes = _recent_nyse().closes
    if not closes.iloc[0] <= minute <= closes.iloc[-1]:
        closes = nyse().closes
    position = closes.searchsorted(minute, side="right") - 1
    return closes.index[position].date()
