"""The NYSE calendar: which daily closes can exist. One calendar serves the CSV import
(refusing bars on days without a session) and the market data service (knowing when a
newer close can exist), so both agree on holidays and half days."""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
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


@dataclass(frozen=True)
class CloseSchedule:
    """The NYSE closes over a few weeks: enough to say which close is the latest at any
    moment inside them. Saved beside the data, it spares each short-lived process
    (`gapbot ask`) loading exchange_calendars and its holiday rules (~0.17 s, more than
    the answer itself)."""

    sessions: tuple[date, ...]
    closes: tuple[datetime, ...]  # UTC, one per session, in order

    PAST = timedelta(days=14)
    AHEAD = timedelta(days=62)

    @classmethod
    def around(cls, now: datetime) -> CloseSchedule:
        day = pd.Timestamp(now).tz_convert("UTC").date()
        closes = _calendar(day - cls.PAST, day + cls.AHEAD).closes
        return cls(tuple(closes.index.date),
                   tuple(ts.to_pydatetime() for ts in closes.dt.tz_convert("UTC")))

    def latest(self, now: datetime) -> date | None:
        """The latest close at `now`, or None when `now` lies outside the schedule."""
        minute = now.astimezone(UTC).replace(second=0, microsecond=0)
        position = bisect.bisect_right(self.closes, minute) - 1
        if position < 0 or minute > self.closes[-1]:
            return None
        return self.sessions[position]

    def to_json(self) -> str:
        return json.dumps([[d.isoformat(), c.isoformat()]
                           for d, c in zip(self.sessions, self.closes, strict=True)])

    @classmethod
    def from_json(cls, text: str | None) -> CloseSchedule | None:
        """None for nothing saved or something unreadable (then it is built anew)."""
        try:
            pairs = json.loads(text or "")
            sessions = tuple(date.fromisoformat(d) for d, _ in pairs)
            closes = tuple(datetime.fromisoformat(c).astimezone(UTC) for _, c in pairs)
        except (ValueError, TypeError):
            return None
        return cls(sessions, closes) if sessions else None


def first_session_on_or_after(day: date) -> date:
    """The NYSE session on `day`, or the first after it: when a call comes due. Future
    sessions follow the holiday rules exchange_calendars knows today."""
    sessions = _calendar(day - timedelta(days=7), day + timedelta(days=21)).sessions
    return sessions[sessions >= pd.Timestamp(day)][0].date()


def sessions_between(first: date, last: date) -> int:
    """NYSE sessions after `first` up to and including `last` (0 when last <= first)."""
    if last <= first:
        return 0
    sessions = _calendar(first, last).sessions
    return int((sessions > pd.Timestamp(first)).sum())
